package dev.c2a;

import dev.c2a.api.Node;
import dev.c2a.api.ServiceState;
import dev.c2a.cluster.ClusterNode;
import dev.c2a.cluster.Desired;
import dev.c2a.audio.AudioStore;
import dev.c2a.audio.Encoder;
import dev.c2a.config.QueueSettings;
import dev.c2a.config.Settings;
import dev.c2a.config.StoreSettings;
import dev.c2a.config.IntakeSettings;
import dev.c2a.delivery.Relay;
import dev.c2a.intake.IntakeAdapter;
import dev.c2a.intake.IntakeAdapters;
import dev.c2a.intake.ResultPublisher;
import dev.c2a.webhook.WebhookTargets;
import dev.c2a.maintenance.DiskWatch;
import dev.c2a.maintenance.LeaseRecovery;
import dev.c2a.maintenance.LostNodes;
import dev.c2a.maintenance.Duties;
import dev.c2a.maintenance.OutboxPruning;
import dev.c2a.maintenance.Retention;
import dev.c2a.maintenance.StoreCollector;
import dev.c2a.content.ContentReaders;
import dev.c2a.events.Events;
import dev.c2a.events.Metrics;
import dev.c2a.job.QueueUnavailableException;
import dev.c2a.openai.SpeechCalls;
import dev.c2a.pipeline.AudioBudget;
import dev.c2a.pipeline.Checkpoints;
import dev.c2a.pipeline.JobPipeline;
import dev.c2a.pipeline.Planner;
import dev.c2a.queue.Durability;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.postgres.PostgresJobQueue;
import dev.c2a.queue.sqlite.SqliteJobQueue;
import dev.c2a.service.Service;
import dev.c2a.speech.EngineSet;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechEngines;
import dev.c2a.store.LocalObjectStore;
import dev.c2a.store.ObjectStore;
import dev.c2a.store.S3ObjectStore;
import dev.c2a.store.WatchedStore;
import dev.c2a.text.LexiconFile;
import dev.c2a.validation.JobValidator;
import dev.c2a.worker.EngineSlots;
import dev.c2a.worker.JobObserver;
import dev.c2a.worker.OffloadPool;
import dev.c2a.worker.PoolSettings;
import dev.c2a.worker.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The composition root: the one place that turns settings into instances (queue, audio store,
 * engines, pipeline, workers) and hands them to the {@link Service} facade. What the caller passes
 * in ({@link Given}) is used instead of what the settings would build; nothing else in the code
 * constructs a backend.
 */
final class Wiring {
    private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);
    /** How long reading one request's content may take before it is refused. */
    private static final Duration CONTENT_BUDGET = Duration.ofSeconds(20);

    /** Instances an embedder or a test passes in; null for "build it from the settings". */
    record Given(JobQueue queue, List<SpeechEngine> engines, ObjectStore store, InstantSource clock) {
    }

    private Wiring() {
    }

    /**
     * Builds the service on {@code settings} and the given instances, and starts its workers when
     * autostart is on. The service owns (and closes) everything, the given instances too; on
     * failure, what was opened is closed again.
     */
    static Service service(Settings settings, Given given) {
        InstantSource clock = given.clock() == null ? InstantSource.system() : given.clock();
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            EngineSet engines = given.engines() == null ? SpeechEngines.create(settings.speech(), clock, settings.dataDir())
                    : new EngineSet(given.engines(), settings.speech().languageVoices());
            opened.add(engines);
            Files.createDirectories(settings.dataDir());
            boolean fsync = settings.durability() == Durability.FSYNC;
            WatchedStore store = new WatchedStore(given.store() != null ? given.store() : openStore(settings, fsync),
                    clock);
            opened.add(store);
            JobQueue queue = given.queue() != null ? given.queue() : openQueue(settings, clock);
            opened.add(queue);
            Duties duties = new Duties();
            opened.add(duties);
            // why no start here: the node takes its desired state (the settings' autostart, or what the
            // operators set in the database) as the service starts
            return new Service(settings, parts(settings, queue, engines, store, duties, clock));
        } catch (IOException e) {
            closeAll(opened);
            throw new UncheckedIOException("cannot use data directory " + settings.dataDir() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /** The queue the settings name. PostgreSQL judges leases by its own clock, not {@code clock}: many nodes share it. */
    private static JobQueue openQueue(Settings settings, InstantSource clock) {
        QueueSettings q = settings.queue();
        return switch (q.kind()) {
            case SQLITE -> SqliteJobQueue.open(settings.dataDir().resolve("jobs.db"), settings.durability(), clock,
                    settings.retry());
            case POSTGRES -> connect(q, settings);
        };
    }

    /** Fails naming the setting and the URL, without its password. */
    private static JobQueue connect(QueueSettings q, Settings settings) {
        try {
            return PostgresJobQueue.connect(q.jdbcUrl(), q.user(), q.password(), q.poolSize(), settings.retry());
        } catch (QueueUnavailableException e) {
            throw new QueueUnavailableException("database-url " + q.shownUrl() + ": " + e.getMessage(), e);
        }
    }

    /** The store the settings name: the data directory, or an S3-compatible bucket checked now. */
    private static ObjectStore openStore(Settings settings, boolean fsync) throws IOException {
        StoreSettings st = settings.store();
        return switch (st.kind()) {
            case LOCAL -> new LocalObjectStore(settings.dataDir(), fsync);
            case S3 -> {
                try {
                    yield S3ObjectStore.open(st.s3());
                } catch (IOException e) {
                    // the settings it names, not the data directory's message below
                    throw new UncheckedIOException("store = s3 (s3-endpoint, s3-bucket, s3-access-key): "
                            + e.getMessage(), e);
                }
            }
        };
    }

    private static Service.Parts parts(Settings settings, JobQueue queue, EngineSet engines, WatchedStore store,
                                       Duties duties, InstantSource clock) throws IOException {
        // why per node: staged files are this node's own, and those left by its last run are removed
        AudioStore audio = AudioStore.clearedStaging(store, settings.dataDir().resolve("staging").resolve(settings.nodeId()));
        Encoder encoder = Encoder.find(settings.ffmpeg());
        if (!encoder.available()) {
            LOG.warn("ffmpeg ('{}', setting ffmpeg) does not run: only WAV output is accepted", settings.ffmpeg());
        }
        JobValidator validator = new JobValidator(engines, settings.defaultVoice(), settings.maxTextBytes(),
                settings.maxUploadBytes(), encoder, new WebhookTargets(settings.webhooks().allowPrivate(),
                        settings.webhooks().secret() != null));
        JobPipeline pipeline = new JobPipeline(engines, audio, new Checkpoints(store),
                new ContentReaders(settings.maxExpandedBytes(), settings.maxTextBytes()),
                new Planner(engines, LexiconFile.read(settings.lexicon())), encoder, settings.engineTimeout(),
                new AudioBudget(settings.audioLimits().maxSeconds(), settings.audioLimits().maxBytes()));
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        OffloadPool contentPool = new OffloadPool("content", "reading content", threads, 32, CONTENT_BUDGET);
        OffloadPool speechPool = new OffloadPool("speech", "speaking", threads, 16, null);
        SpeechCalls speech = new SpeechCalls(engines, validator, pipeline, encoder, speechPool);
        Metrics metrics = new Metrics();
        Events events = new Events(clock, queue.outbox());
        List<IntakeAdapter> adapters = new ArrayList<>();
        Map<String, ResultPublisher> publishers = new LinkedHashMap<>();
        for (IntakeSettings i : settings.intakes()) {
            IntakeAdapter adapter = IntakeAdapters.create(i);
            adapters.add(adapter);
            adapter.results().ifPresent(p -> publishers.put(adapter.name(), p));
        }
        Relay relay = new Relay(queue.outbox(), adapters.stream().map(IntakeAdapter::name).collect(
                java.util.stream.Collectors.toSet()), publishers, settings.webhooks(), metrics, clock);
        PoolSettings poolSettings = new PoolSettings(settings.lease(), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Node.start(settings.nodeId()));
        JobObserver observer = JobObserver.both(JobObserver.both(metrics, events), relay);
        EngineSlots slots = new EngineSlots(engines.limits(), spec -> engines.engineNameOf(spec.voice()));
        WorkerPool pool = new WorkerPool(queue, pipeline, poolSettings, clock, observer, settings.workers(), slots);
        DiskWatch disk = new DiskWatch(settings.dataDir(), settings.store().minFreeDisk(), pool, clock);
        ClusterNode cluster = new ClusterNode(queue.coordination(), pool, settings.lease(), new Desired.Defaults(
                settings.autostart() ? ServiceState.RUNNING : ServiceState.STOPPED, settings.workers(),
                settings.maxWorkers(), settings.drain()), clock.instant());
        cluster.schedule(new LeaseRecovery(queue, pipeline, observer, cluster::mayRecover, duties),
                LeaseRecovery.every(settings.lease()));
        // the disk is this node's own; the rest is the cluster's, kept by the leader
        duties.schedule(disk, Duration.ZERO, DiskWatch.EVERY);
        StoreCollector collector = new StoreCollector(store, queue, clock, StoreCollector.GRACE);
        // why per node for local files: each node's data directory holds only what it spoke
        duties.schedule(settings.store().kind() == StoreSettings.Kind.LOCAL ? collector : Duties.leading(cluster::leads, collector),
                StoreCollector.EVERY, StoreCollector.EVERY);
        duties.schedule(Duties.leading(cluster::leads, new OutboxPruning(queue.outbox(), settings.retention().keep())),
                OutboxPruning.EVERY, OutboxPruning.EVERY);
        duties.schedule(Duties.leading(cluster::leads, new Retention(queue, settings.retention().keep(),
                settings.retention().storeMaxBytes(), pipeline::deleteFiles, metrics, clock)), Retention.TICK,
                Retention.TICK);
        duties.schedule(Duties.leading(cluster::leads, new LostNodes(queue.coordination())), LostNodes.EVERY,
                LostNodes.EVERY);
        return new Service.Parts(queue, engines, store, audio, pipeline, validator, pool, events, metrics, contentPool,
                speechPool, speech, duties, disk, adapters, relay, cluster, clock);
    }

    private static void closeAll(List<AutoCloseable> opened) {
        for (AutoCloseable c : opened.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} after a failed start: {}", c, e.toString());
            }
        }
    }
}
