package dev.c2a.service;

import dev.c2a.api.Actor;
import dev.c2a.api.AuditEntry;
import dev.c2a.api.BusyException;
import dev.c2a.api.ClusterStatus;
import dev.c2a.api.NodeSnapshot;
import dev.c2a.api.Delivery;
import dev.c2a.api.Echo;
import dev.c2a.api.EventStream;
import dev.c2a.api.GoneException;
import dev.c2a.api.InvalidRequestException;
import dev.c2a.api.JobRequest;
import dev.c2a.api.NotFoundException;
import dev.c2a.api.ServiceState;
import dev.c2a.api.ServiceStatus;
import dev.c2a.api.SpeechCall;
import dev.c2a.api.SpeechFailedException;
import dev.c2a.api.StatusSample;
import dev.c2a.api.WorkerSnapshot;
import dev.c2a.audio.AudioStore;
import dev.c2a.cluster.ClusterNode;
import dev.c2a.json.Json;
import dev.c2a.queue.Coordination;
import dev.c2a.config.Settings;
import dev.c2a.content.ContentException;
import dev.c2a.delivery.Relay;
import dev.c2a.events.Events;
import dev.c2a.intake.Intake;
import dev.c2a.intake.IntakeAdapter;
import dev.c2a.events.Metrics;
import dev.c2a.job.IllegalTransitionException;
import dev.c2a.job.Job;
import dev.c2a.job.JobSpec;
import dev.c2a.job.JobState;
import dev.c2a.job.StoredFile;
import dev.c2a.maintenance.DiskWatch;
import dev.c2a.maintenance.Duties;
import dev.c2a.openai.SpeechCalls;
import dev.c2a.pipeline.JobPipeline;
import dev.c2a.pipeline.Plan;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.Outbox;
import dev.c2a.speech.EngineHealth;
import dev.c2a.speech.EngineSet;
import dev.c2a.speech.SpeechException;
import dev.c2a.store.WatchedStore;
import dev.c2a.validation.JobValidator;
import dev.c2a.worker.JobObserver;
import dev.c2a.worker.OffloadPool;
import dev.c2a.worker.WorkerPool;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one entrance of the control plane: everything HTTP, the CLI and embedders do goes through
 * here. Control calls change desired state and return the status they lead to.
 */
public final class Service implements AutoCloseable {
    static final int INLINE_CHARS = 16_384;
    /** How long a client refused for lack of disk space waits before trying again: freeing space takes a person. */
    private static final Duration DISK_RETRY_AFTER = Duration.ofSeconds(60);
    /** The machine's name, as the cluster view shows it. */
    private static final String HOST = hostName();
    private final Settings settings;
    private final JobQueue queue;
    private final EngineSet engine;
    private final SpeechCalls speechCalls;
    private final Events events;
    private final ResultFiles files;
    private final WorkerPool pool;
    private final JobPipeline pipeline;
    private final Metrics metrics;
    /** Hears the moves the facade makes (submit, cancel, retry), as the workers' moves are heard. */
    private final JobObserver observer;
    private final JobValidator validator;
    /** Reading, planning and checking content for submit and dry run: never on an HTTP thread. */
    private final OffloadPool contentPool;
    /** Speech made on request (OpenAI's endpoint, voice samples). */
    private final OffloadPool speechPool;
    private final InstantSource clock;
    private final Instant startedAt;
    private final WatchedStore store;
    private final Duties duties;
    private final DiskWatch disk;
    private final List<IntakeAdapter> adapters;
    private final Relay relay;
    private final ClusterNode cluster;
    private final Coordination coordination;
    /** This node's address as the cluster view shows it; set once HTTP listens. */
    private volatile String url;

    /** What the facade works with, built by the composition root ({@code dev.c2a.Wiring}). */
    public record Parts(JobQueue queue, EngineSet engines, WatchedStore store, AudioStore audio, JobPipeline pipeline,
                        JobValidator validator, WorkerPool pool, Events events, Metrics metrics,
                        OffloadPool contentPool, OffloadPool speechPool, SpeechCalls speech, Duties duties,
                        DiskWatch disk, List<IntakeAdapter> adapters, Relay relay, ClusterNode cluster,
                        InstantSource clock) {
    }

    public Service(Settings settings, Parts parts) {
        this.settings = settings;
        this.queue = parts.queue();
        this.engine = parts.engines();
        this.store = parts.store();
        this.duties = parts.duties();
        this.disk = parts.disk();
        this.files = new ResultFiles(parts.audio());
        this.pipeline = parts.pipeline();
        this.validator = parts.validator();
        this.pool = parts.pool();
        this.events = parts.events();
        this.metrics = parts.metrics();
        this.observer = JobObserver.both(JobObserver.both(metrics, events), parts.relay());
        this.adapters = List.copyOf(parts.adapters());
        this.relay = parts.relay();
        this.cluster = parts.cluster();
        this.coordination = queue.coordination();
        this.contentPool = parts.contentPool();
        this.speechPool = parts.speechPool();
        this.speechCalls = parts.speech();
        this.clock = parts.clock();
        this.startedAt = clock.instant();
        metrics.watch(queue, pool);
        events.start(this::status);
        relay.start();
        Intake intake = new ServiceIntake(queue, pool, read -> accept(read.request(), read.content()).spec(),
                this::checkDiskSpace, metrics, Math.max(settings.maxTextBytes(), settings.maxUploadBytes()));
        adapters.forEach(a -> a.start(intake));
        try {
            // last: the node takes its desired state (and may start its workers), which asks the database
            cluster.start(this::snapshot);
        } catch (RuntimeException e) {
            // what the composition root opened it closes; what was started here stops here
            closeAdapters();
            cluster.close();
            pool.close();
            relay.close();
            events.close();
            throw e;
        }
    }

    /** Where HTTP listens, for the cluster view; called once it does. */
    public void serving(String url) {
        this.url = url;
        cluster.beatSoon();
    }

    public Settings settings() {
        return settings;
    }

    // ---- jobs

    public Submitted submit(JobRequest request) {
        return submit(request, null);
    }

    /** @param upload an uploaded file's bytes, the job's content; null when the content is in the request */
    public Submitted submit(JobRequest request, byte[] upload) {
        checkDiskSpace();
        JobSpec spec = small(request, upload) ? accept(request, upload).spec()
                : contentPool.supply(() -> accept(request, upload).spec());
        JobQueue.Enqueued e = pool.enqueue(spec);
        return new Submitted(e.job(), e.created());
    }

    /** All or nothing: one invalid job rejects the batch, naming its index. */
    public List<Submitted> submitAll(List<JobRequest> requests) {
        if (requests == null || requests.isEmpty()) {
            throw InvalidRequestException.invalid("the batch has no jobs; send {\"jobs\": [{\"text\": \"...\"}]}");
        }
        checkDiskSpace();
        List<JobSpec> specs = contentPool.supply(() -> {
            List<JobSpec> accepted = new java.util.ArrayList<>(requests.size());
            for (int i = 0; i < requests.size(); i++) {
                try {
                    accepted.add(accept(requests.get(i), null).spec());
                } catch (InvalidRequestException e) {
                    throw new InvalidRequestException(e.reason(), "jobs[" + i + "]: " + e.getMessage());
                }
            }
            return accepted;
        });
        List<JobQueue.Enqueued> out = queue.enqueueAll(specs);
        events.batch((int) out.stream().filter(JobQueue.Enqueued::created).count());
        return out.stream().map(e -> new Submitted(e.job(), e.created())).toList();
    }

    /** What a job would say, without queueing or speaking it: normalised sentences, voices and pauses. */
    public DryRun dryRun(JobRequest request, byte[] upload) {
        return contentPool.supply(() -> {
            Accepted a = accept(request, upload);
            return DryRun.of(a.spec(), a.plan());
        });
    }

    private record Accepted(JobSpec spec, Plan plan) {
    }

    /** why refuse: with the disk nearly full, what is accepted might not be written, and what runs might not finish. */
    private void checkDiskSpace() {
        disk.refusal().ifPresent(why -> {
            throw new BusyException(InvalidRequestException.Reason.NO_SPACE, why, DISK_RETRY_AFTER);
        });
    }

    /**
     * A plain text of at most {@value #INLINE_CHARS} characters: checked on the caller's thread,
     * which costs less than handing it to the content pool (a thread wake-up measured +0.8 ms at
     * the p50 of bench (c)); its reading and planning are bounded and take microseconds.
     */
    private static boolean small(JobRequest request, byte[] upload) {
        return request != null && upload == null && request.contentBase64() == null && request.text() != null
                && request.text().length() <= INLINE_CHARS && !Boolean.TRUE.equals(request.ssml())
                && (request.contentType() == null || request.contentType().equals("text/plain"));
    }

    /**
     * Validates a request and reads and plans its content now, so that malformed content, content
     * with nothing to say and content over its audio budget are refused at the door, never failed
     * later in a worker.
     */
    private Accepted accept(JobRequest request, byte[] upload) {
        JobSpec spec = validator.validate(request, upload);
        try {
            return new Accepted(spec, pipeline.plan(spec));
        } catch (ContentException e) {
            throw e.tooLarge() ? InvalidRequestException.tooLarge(e.getMessage())
                    : InvalidRequestException.invalid(e.getMessage());
        } catch (SpeechException e) {
            throw InvalidRequestException.invalid(e.getMessage());
        }
    }

    /** @throws NotFoundException for an unknown id; its {@link GoneException} when the job was pruned */
    public Job job(String id) {
        return queue.find(id).orElseThrow(() -> notFound(id));
    }

    /** @param search an id prefix or words of the text (case-insensitive); null for all */
    public JobPage jobs(JobState state, int limit, String cursor, String search) {
        JobQueue.Page page = queue.list(state, limit, cursor, search);
        return new JobPage(page.jobs(), page.nextCursor());
    }

    /**
     * A queued job is cancelled at once; a running one is asked to stop at its next segment.
     *
     * @throws IllegalTransitionException (the state table's) when the job has finished
     */
    public Job cancel(String id) {
        JobQueue.Changed changed = queue.cancel(id).orElseThrow(() -> notFound(id));
        changed.transition().ifPresentOrElse(t -> {
            pipeline.forget(id);
            observer.moved(t, null);
        }, () -> pool.cancelRunning(id));
        return changed.job();
    }

    /**
     * A failed or cancelled job goes back to the queue with fresh attempts.
     *
     * @throws IllegalTransitionException (the state table's) when it is queued, running or succeeded
     */
    public Job retry(String id) {
        JobQueue.Changed changed = queue.retry(id).orElseThrow(() -> notFound(id));
        changed.transition().ifPresent(t -> observer.moved(t, null));
        return changed.job();
    }

    /**
     * Removes a job that is not running, with its audio, captions and checkpoints.
     *
     * @throws IllegalTransitionException when it is running (cancel it first)
     */
    public Job delete(String id) {
        Job job = queue.delete(id).orElseThrow(() -> notFound(id));
        pipeline.deleteFiles(id);
        return job;
    }

    /** Cancels every job in {@code state} (queued at once, running at their next segment); returns how many. */
    public int cancelAll(JobState state) {
        if (state != JobState.QUEUED && state != JobState.RUNNING) {
            throw InvalidRequestException.invalid("only queued or running jobs can be cancelled, not "
                    + state.wireName());
        }
        return forEach(state, job -> {
            cancel(job.id());
            return true;
        });
    }

    /** Deletes every job in {@code state} with its files; returns how many. */
    public int deleteAll(JobState state) {
        if (state == JobState.RUNNING) {
            throw InvalidRequestException.invalid("running jobs cannot be deleted; cancel them first");
        }
        return forEach(state, job -> {
            delete(job.id());
            return true;
        });
    }

    /**
     * Applies {@code action} to every job in {@code state}, page by page; counts the trues. A job
     * that moved on (or went) meanwhile is skipped.
     */
    private int forEach(JobState state, java.util.function.Predicate<Job> action) {
        int n = 0;
        String cursor = null;
        do {
            JobQueue.Page page = queue.list(state, 500, cursor, null);
            for (Job job : page.jobs()) {
                try {
                    n += action.test(job) ? 1 : 0;
                } catch (IllegalTransitionException | NotFoundException e) {
                    // skipped: see above
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return n;
    }

    /** Every failed job back to the queue with fresh attempts; returns how many. */
    public int retryFailed() {
        return forEach(JobState.FAILED, job -> {
            retry(job.id());
            return true;
        });
    }

    /** Where a job's events went and how each delivery is going, oldest first. */
    public List<Delivery> deliveries(String jobId) {
        List<Outbox.Delivery> found = queue.outbox().deliveriesOf(jobId);
        if (found.isEmpty()) {
            job(jobId); // an unknown job is a 404, not an empty list
        }
        return found.stream().map(d -> new Delivery(d.event().eventId(), d.event().type(), d.sink(), d.target(),
                d.state(), d.attempts(), d.state().equals(Outbox.Delivery.PENDING) ? d.nextAt() : null, d.lastError(),
                d.updatedAt())).toList();
    }

    /** The live event stream of {@code GET /v1/events}, and the chart's recent history. */
    public EventStream listen() {
        return events.listen(status());
    }

    /** The chart's recent history: a point every 5 s for the last 15 minutes. */
    public List<StatusSample> history() {
        return events.history();
    }

    /** How many event streams are open. */
    public int eventListeners() {
        return events.listeners();
    }

    /**
     * The audio of a succeeded job, or, when it was split into one file per chapter, its playlist,
     * whose entries are the {@code files/} URLs HTTP serves them under.
     */
    public StoredFile audio(String jobId) {
        return files.audio(job(jobId));
    }

    /**
     * A short-lived URL of the store to send a client to for a succeeded job's audio (or, with
     * {@code chapterFile}, one chapter's file), when the {@code audio-redirect} setting asks for it
     * and the store makes such URLs; empty when the bytes are to be served here.
     */
    public Optional<URI> audioRedirect(String jobId, String chapterFile) {
        if (!settings.store().redirect()) {
            return Optional.empty();
        }
        return files.url(job(jobId), chapterFile);
    }

    /** A succeeded job's captions: {@code json} (c2a's own, with chapters), {@code vtt} or {@code srt}. */
    public StoredFile captions(String jobId, String format) {
        return files.captions(job(jobId), format);
    }

    /** One chapter's file of a job split into one file per chapter. */
    public StoredFile chapterFile(String jobId, String name) {
        return files.chapterFile(job(jobId), name);
    }

    /** The engines, by preference, each with its concurrency, this node's jobs it holds, and whether it can speak now. */
    public List<ServiceStatus.Engine> engines() {
        Map<String, Integer> held = pool.engineJobs();
        return engine.engines().stream().map(e -> {
            EngineHealth h = e.health();
            return new ServiceStatus.Engine(e.name(), e.version(), e.concurrencyLimit(),
                    held.getOrDefault(e.name(), 0), e.wordTimings(),
                    h.available(), h.detail(), h.retryAt());
        }).toList();
    }

    /** The catalog of every engine's voices, with each language's default; filters may be null. */
    public VoiceCatalog voices(String language, String engineName) {
        return VoiceCatalog.of(engine, language, engineName);
    }

    // ---- speech on demand (OpenAI's /v1/audio/speech, voice samples), on the bounded speech pool

    /** What {@code GET /v1/models} lists: OpenAI's model names, "c2a", and each engine by name. */
    public List<String> speechModels() {
        return speechCalls.models();
    }

    /** Checks a request of OpenAI's speech endpoint; every refusal names the field (status 400). */
    public SpeechCall prepareSpeech(String model, String input, String voice, String responseFormat, Double speed) {
        return speechCalls.prepare(model, input, voice, responseFormat, speed);
    }

    /**
     * Speaks the call into {@code out} as it is made; the caller's thread only waits.
     *
     * @throws BusyException         when the speech pool is full or the engine is unavailable for a while
     * @throws SpeechFailedException when the engine failed
     * @throws IOException           when writing to {@code out} failed (the client went away)
     */
    public void speak(SpeechCall call, OutputStream out) throws IOException, InterruptedException {
        speechCalls.speak(call, out);
    }

    /** A few seconds of a voice, as WAV (spoken once, then kept). */
    public byte[] voiceSample(String voiceId) {
        return speechCalls.sample(voiceId);
    }

    // ---- lifecycle: this node's desired state, recorded (and audited) in the database, then taken

    public ServiceStatus start() {
        return start(Actor.EMBEDDED);
    }

    public ServiceStatus start(Actor who) {
        if (pool.state() != ServiceState.RUNNING) {
            pool.state().checkMoveTo(ServiceState.RUNNING, ServiceState.STOPPED, "start");
            changeThisNode(Coordination.Change.to(ServiceState.RUNNING, null), who);
        }
        return status();
    }

    public ServiceStatus pause() {
        return pause(Actor.EMBEDDED);
    }

    public ServiceStatus pause(Actor who) {
        if (pool.state() != ServiceState.PAUSED) {
            pool.state().checkMoveTo(ServiceState.PAUSED, ServiceState.RUNNING, "pause");
            changeThisNode(Coordination.Change.to(ServiceState.PAUSED, null), who);
        }
        return status();
    }

    public ServiceStatus resume() {
        return resume(Actor.EMBEDDED);
    }

    public ServiceStatus resume(Actor who) {
        if (pool.state() != ServiceState.RUNNING) {
            pool.state().checkMoveTo(ServiceState.RUNNING, ServiceState.PAUSED, "resume");
            changeThisNode(Coordination.Change.to(ServiceState.RUNNING, null), who);
        }
        return status();
    }

    public ServiceStatus stop(Duration drain) {
        return stop(drain, Actor.EMBEDDED);
    }

    /** @param drain how long running jobs may go on; null for the {@code drain} setting */
    public ServiceStatus stop(Duration drain, Actor who) {
        if (pool.state() != ServiceState.STOPPED && pool.state() != ServiceState.DRAINING) {
            changeThisNode(Coordination.Change.to(ServiceState.STOPPED, drain == null ? settings.drain() : drain), who);
        }
        return status();
    }

    public ServiceStatus resize(int count) {
        return resize(count, Actor.EMBEDDED);
    }

    public ServiceStatus resize(int count, Actor who) {
        checkWorkerCount(count);
        changeThisNode(Coordination.Change.workers(count), who);
        return status();
    }

    private void checkWorkerCount(int count) {
        if (count < 1 || count > settings.maxWorkers()) {
            throw InvalidRequestException.invalid("count must be between 1 and " + settings.maxWorkers()
                    + " (setting max-workers), got " + count);
        }
    }

    private void changeThisNode(Coordination.Change change, Actor who) {
        cluster.changeThisNode(change, who);
    }

    // ---- the cluster: every node sharing this database

    /** Every node, who leads, the cluster's desired state and the jobs by state. */
    public ClusterStatus cluster() {
        Coordination.Members members = coordination.members();
        Optional<Coordination.Leader> leader = coordination.leader(Coordination.MAINTENANCE);
        Coordination.ScopeRow wanted = coordination.desired(pool.node().id()).cluster();
        List<ClusterStatus.NodeView> nodes = members.nodes().stream().map(m -> nodeView(m, members.now(),
                leader.filter(l -> l.nodeId().equals(m.id()) && l.incarnation().equals(m.incarnation())).isPresent()))
                .toList();
        Map<String, Long> jobs = new LinkedHashMap<>();
        queue.counts().forEach((state, n) -> jobs.put(state.wireName(), n));
        return new ClusterStatus(wanted.state() == null ? null : wanted.state().wireName(), wanted.stateVersion(),
                leader.map(l -> new ClusterStatus.Leader(l.nodeId(), l.incarnation(), l.term(), l.since(),
                        l.expiresAt())).orElse(null), nodes, jobs);
    }

    private static ClusterStatus.NodeView nodeView(Coordination.Member m, Instant now, boolean leads) {
        String status = m.leftAt() != null ? "left" : m.lostAt(now) ? "lost" : "alive";
        NodeSnapshot s;
        try {
            s = Json.read(m.snapshot(), NodeSnapshot.class);
        } catch (RuntimeException e) {
            // a node of another version may publish more or less: its row still shows
            s = new NodeSnapshot(null, null, null, null, 0, List.of(), List.of(), null);
        }
        return new ClusterStatus.NodeView(m.id(), m.incarnation(), status, leads, m.startedAt(), m.beatAt(), s.host(),
                s.url(), s.version(), s.state(), s.desiredWorkers(), s.workers(), s.engines(), s.claimsHeld());
    }

    /**
     * Every node runs, pauses or stops (draining up to {@code drain}), as soon as it hears, within a
     * second at most; nodes that start later follow it too, until a node's own change overrides it.
     */
    public ClusterStatus controlCluster(ServiceState target, Duration drain, Actor who) {
        cluster.change(Coordination.CLUSTER, Coordination.Change.to(target,
                target == ServiceState.STOPPED && drain == null ? settings.drain() : drain), who);
        return cluster();
    }

    /** Sets the worker count of node {@code nodeId} (any node of the cluster). */
    public ClusterStatus resizeNode(String nodeId, int count, Actor who) {
        checkWorkerCount(count);
        if (coordination.members().nodes().stream().noneMatch(m -> m.id().equals(nodeId))) {
            throw new NotFoundException("no node '" + Echo.of(nodeId, 80) + "' in this cluster; GET /v1/cluster lists them");
        }
        cluster.change(Coordination.nodeScope(nodeId), Coordination.Change.workers(count), who);
        return cluster();
    }

    /** Changes of desired state, newest first; {@code before} an entry's id for the next page. */
    public List<AuditEntry> audit(int limit, Long before) {
        return coordination.audit(limit, before).stream().map(r -> new AuditEntry(r.id(), r.at(), r.actor(), r.role(),
                r.origin(), r.action(), r.scope(), r.detail())).toList();
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** What this node publishes with each beat; asks nothing of the database. */
    private String snapshot() {
        return Json.write(new NodeSnapshot(HOST, url, Version.get(), pool.state().wireName(),
                pool.desired(), pool.snapshots(), engines(), pool.claimsHeld().orElse(null)));
    }

    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return pool.awaitStopped(timeout);
    }

    public ServiceState state() {
        return pool.state();
    }

    public ServiceStatus status() {
        List<WorkerSnapshot> snapshots = pool.snapshots();
        Map<String, Long> jobs = null;
        String error = null;
        try {
            jobs = new LinkedHashMap<>();
            for (Map.Entry<JobState, Long> e : queue.counts().entrySet()) {
                jobs.put(e.getKey().wireName(), e.getValue());
            }
        } catch (RuntimeException e) {
            jobs = null;
            error = e.getMessage();
        }
        Map<String, Long> counters = metrics.counters();
        Instant now = clock.instant();
        JobQueue.Backend backend = queue.backend();
        return new ServiceStatus(pool.state().wireName(), pool.since(), Duration.between(startedAt, now).toSeconds(),
                pool.node(), new ServiceStatus.Workers(pool.desired(), snapshots.size(),
                        snapshots.stream().filter(WorkerSnapshot::busy).count(), snapshots),
                jobs, new ServiceStatus.QueueInfo(backend.name(), backend.durability(), error == null, error),
                storage(), counters, engines(), intake(), outbox(), List.of(contentPool.use(), speechPool.use()),
                Version.get(), settings.dataDir().toString());
    }

    private List<ServiceStatus.Intake> intake() {
        return adapters.stream().map(IntakeAdapter::status).map(a -> new ServiceStatus.Intake(a.name(), a.type(),
                a.mode(), a.connected(), a.consuming(), a.lag(), a.accepted(), a.duplicates(), a.deadLettered(),
                a.published(), a.lastError(), a.lastErrorAt())).toList();
    }

    /** Events not yet dispatched, and pending deliveries by sink; null when the queue does not answer. */
    private Map<String, Long> outbox() {
        try {
            Map<String, Long> out = new LinkedHashMap<>();
            queue.outbox().backlog().forEach((sink, n) -> out.put(sink.isEmpty() ? "undispatched" : sink, n));
            return out;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private ServiceStatus.StorageInfo storage() {
        WatchedStore.Health h = store.health();
        DiskWatch.Reading d = disk.reading();
        return new ServiceStatus.StorageInfo(settings.store().kind().wireName(), store.describe(), h.available(),
                h.error(), h.since(), d.path(), d.freeBytes(), d.minFreeBytes(), d.low(), pool.claimsHeld().orElse(null));
    }

    /** Ready = consuming: running, and the queue answers and its last write committed. */
    public boolean ready() {
        return notReadyBecause().isEmpty();
    }

    /** Why the service is not ready, for {@code /readyz}; empty when it is. */
    public Optional<String> notReadyBecause() {
        Optional<String> writeFailure = queue.writeFailure();
        if (writeFailure.isPresent()) {
            return Optional.of("the queue cannot write: " + writeFailure.get());
        }
        if (pool.state() != ServiceState.RUNNING) {
            return Optional.of("the service is " + pool.state().wireName() + " and not consuming jobs");
        }
        try {
            queue.counts();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("the queue does not answer: " + e.getMessage());
        }
    }

    public String metrics() {
        return metrics.scrape();
    }

    /**
     * Stops the workers and waits until they have (the drain deadline plus the release grace), for a
     * shutdown: the desired state stays as it is for the next start.
     */
    public void stopAndWait(Duration drain) {
        cluster.stopFollowing();
        pool.stop(drain);
        try {
            pool.awaitStopped(drain.plus(Duration.ofSeconds(10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the workers (at once: running jobs are released) and the background duties, then closes
     * the pools, the queue, the store and the engines.
     */
    @Override
    public void close() {
        closeAdapters();
        stopAndWait(Duration.ZERO);
        cluster.close();
        relay.close();
        duties.close();
        contentPool.close();
        speechPool.close();
        events.close();
        pool.close();
        queue.close();
        store.close();
        engine.close();
    }

    private void closeAdapters() {
        for (IntakeAdapter a : adapters) {
            try {
                a.close();
            } catch (RuntimeException e) {
                // the others close all the same
            }
        }
    }

    /** No job {@code id}: gone, when its tombstone says it was pruned, else never known. */
    private NotFoundException notFound(String id) {
        return queue.pruned(id).<NotFoundException>map(p -> new GoneException(p.jobId(), p.at(), p.reason()))
                .orElseGet(() -> new NotFoundException("no job with id '" + Echo.of(id, 80) + "'"));
    }
}
