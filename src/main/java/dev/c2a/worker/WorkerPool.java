package dev.c2a.worker;

import dev.c2a.api.Node;
import dev.c2a.api.ServiceState;
import dev.c2a.api.WorkerSnapshot;
import dev.c2a.pipeline.JobRunner;
import dev.c2a.job.JobSpec;
import dev.c2a.queue.Coordination;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The data plane: platform worker threads, reconciled to the state and size the control plane
 * asks for. Control calls change the desired state under this object's lock and return at once;
 * workers notice through {@link WakeSignal}. Idle workers are given jobs by the {@link Dispatcher}
 * (one claim for all of them) or by a submission ({@link #enqueue}). A timer thread enforces the
 * drain deadline, so that stop always ends. The node's beat ({@code cluster.NodeBeat}) holds the
 * running jobs' leases and tells the pool what it found ({@link #beaten}); the leader recovers
 * the leases of workers that died ({@code maintenance.LeaseRecovery}).
 */
public final class WorkerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final JobQueue queue;
    private final EngineSlots slots;
    private final JobRunner pipeline;
    private final PoolSettings settings;
    private final InstantSource clock;
    private final JobObserver observer;
    private final WakeSignal signal = new WakeSignal();
    private final Dispatcher dispatcher;
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    /** Workers waiting for work, the longest-waiting first: the dispatcher or a submission hands jobs to them. */
    private final Deque<Worker> waiting = new ConcurrentLinkedDeque<>();
    private final ScheduledExecutorService timer;
    private volatile ServiceState state = ServiceState.STOPPED;
    /**
     * Why this node claims nothing now although running, by who holds the claims (its disk, its
     * database, another process under its node id).
     */
    private final Map<String, String> holds = new ConcurrentHashMap<>();
    private volatile Instant since;
    private volatile int desired;
    private int nextWorker;
    private ScheduledFuture<?> drainDeadline;
    private CompletableFuture<Void> stopped = CompletableFuture.completedFuture(null);

    public WorkerPool(JobQueue queue, JobRunner pipeline, PoolSettings settings, InstantSource clock,
                      JobObserver observer, int workers) {
        this(queue, pipeline, settings, clock, observer, workers, EngineSlots.UNLIMITED);
    }

    /** @param slots how many jobs of each engine the node may hold at once: claims stay within them */
    public WorkerPool(JobQueue queue, JobRunner pipeline, PoolSettings settings, InstantSource clock,
                      JobObserver observer, int workers, EngineSlots slots) {
        this.slots = slots;
        this.queue = queue;
        this.pipeline = pipeline;
        this.settings = settings;
        this.clock = clock;
        this.observer = observer;
        this.desired = workers;
        this.since = clock.instant();
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("c2a-pool-timer")
                .daemon().factory());
        this.dispatcher = new Dispatcher(this, queue, settings, clock);
        // the queue says when work may be there: submitted or returned here, or on another node
        queue.onWork(dispatcher::wake);
        dispatcher.start();
    }

    /** Moves when the pool's state or size changes: idle workers wake to look at it. */
    WakeSignal signal() {
        return signal;
    }

    public Node node() {
        return settings.node();
    }

    public ServiceState state() {
        return state;
    }

    public Instant since() {
        return since;
    }

    /**
     * Claims nothing more until {@link #releaseClaims} by the same {@code holder}, for a reason of the
     * node (its disk is nearly full, its database does not answer, another process started earlier
     * beats under its node id), not the operator's: the state stays as it is, running jobs go on,
     * and nothing is given back. Not a {@link ServiceState}: the operator's pause and these holds end
     * independently.
     */
    public void holdClaims(String holder, String why) {
        if (holds.put(holder, why) == null) {
            LOG.warn("claiming no jobs: {}", why);
        }
    }

    public void releaseClaims(String holder) {
        String was = holds.remove(holder);
        if (was != null) {
            LOG.info("claiming jobs again (was held: {})", was);
            dispatcher.wake(JobQueue.WorkListener.MANY);
        }
    }

    /** Why claims are held, when they are. */
    public java.util.Optional<String> claimsHeld() {
        return holds.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.join("; ", holds.values()));
    }

    /** Whether workers may claim now: the state says so and nothing holds claims. */
    boolean claims() {
        return state.claims() && holds.isEmpty();
    }

    EngineSlots slots() {
        return slots;
    }

    /** This node's jobs each engine holds now, by engine name (engines with none may be absent). */
    public Map<String, Integer> engineJobs() {
        return slots.taken();
    }

    public int desired() {
        return desired;
    }

    public List<WorkerSnapshot> snapshots() {
        return workers.stream().map(Worker::snapshot).toList();
    }

    public synchronized void start() {
        startIn(ServiceState.RUNNING, "start");
    }

    /** From stopped to paused: the workers are there, and claim nothing until resumed. */
    public synchronized void startPaused() {
        startIn(ServiceState.PAUSED, "start paused");
    }

    /** From stopped to {@code target}, with the workers; nothing when the pool is there already. */
    private void startIn(ServiceState target, String action) {
        if (state == target) {
            return;
        }
        state.checkMoveTo(target, ServiceState.STOPPED, action);
        move(target);
        stopped = new CompletableFuture<>();
        reconcile();
    }

    public synchronized void pause() {
        if (state == ServiceState.PAUSED) {
            return;
        }
        state.checkMoveTo(ServiceState.PAUSED, ServiceState.RUNNING, "pause");
        move(ServiceState.PAUSED);
    }

    public synchronized void resume() {
        if (state == ServiceState.RUNNING) {
            return;
        }
        state.checkMoveTo(ServiceState.RUNNING, ServiceState.PAUSED, "resume");
        move(ServiceState.RUNNING);
        signal.wakeAll();
        dispatcher.wake(JobQueue.WorkListener.MANY);
    }

    /**
     * No new claims; running jobs get until {@code drain} to finish, then they are stopped and
     * released to the queue. Returns at once; {@link #awaitStopped} waits for the end.
     */
    public synchronized void stop(Duration drain) {
        if (state == ServiceState.STOPPED || state == ServiceState.DRAINING) {
            return;
        }
        move(ServiceState.DRAINING);
        signal.wakeAll();
        drainDeadline = timer.schedule(this::releaseRunningJobs, Math.max(0, drain.toMillis()), TimeUnit.MILLISECONDS);
        finishDrainIfDone();
    }

    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        try {
            stopped.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Growing is immediate; shrinking retires idle workers first, busy ones after their job. */
    public synchronized void resize(int count) {
        desired = count;
        if (state == ServiceState.RUNNING || state == ServiceState.PAUSED) {
            reconcile();
        }
    }

    /**
     * Commits a submitted job. When a worker waits idle, the same commit claims the oldest due job for
     * it (the new one, on an idle queue) and hands it over: one commit and one wake-up, where the
     * worker's own claim would take a second commit and two more wake-ups. The submission is reported
     * here, before the worker can report its start.
     */
    public JobQueue.Enqueued enqueue(JobSpec spec) {
        List<Worker> idle = claims() && slots.free() > 0 ? reserveIdleWorkers(1) : List.of();
        if (!idle.isEmpty()) {
            Worker w = idle.getFirst();
            Lease lease = null;
            try {
                JobQueue.Admitted admitted = queue.enqueueAndClaim(spec, w.owner(), settings.leaseTime(),
                        slots.full());
                admitted.enqueued().transition().ifPresent(t -> observer.moved(t, null));
                lease = admitted.lease().orElse(null);
                return admitted.enqueued();
            } finally {
                w.handOff().give(lease);
            }
        }
        JobQueue.Enqueued e = queue.enqueue(spec);
        e.transition().ifPresent(t -> observer.moved(t, null));
        return e;
    }

    /** A worker turned idle: the dispatcher looks for a job for it. */
    void waiting(Worker worker) {
        waiting.addLast(worker);
        dispatcher.wake(1);
    }

    /**
     * Reserves the hand-offs of up to {@code most} idle workers that are not retiring, the
     * longest-waiting first.
     */
    List<Worker> reserveIdleWorkers(int most) {
        List<Worker> reserved = new ArrayList<>();
        for (Worker w : waiting) {
            if (reserved.size() == most) {
                break;
            }
            if (!w.retiring() && w.handOff().reserve()) {
                reserved.add(w);
            }
        }
        return reserved;
    }

    void notWaiting(Worker worker) {
        waiting.remove(worker);
    }

    /** Workers waiting for work now (for tests). */
    int waitingWorkers() {
        return waiting.size();
    }

    /** Stops the job here at its next segment, if a worker of this pool is running it. */
    public void cancelRunning(String jobId) {
        workers.forEach(w -> w.stop(jobId, Worker.StopReason.CANCEL, "cancelled"));
    }

    private void reconcile() {
        List<Worker> active = workers.stream().filter(w -> !w.retiring()).toList();
        for (int i = active.size(); i < desired; i++) {
            Worker w = new Worker("w" + (++nextWorker), this, queue, pipeline, settings, clock, observer);
            workers.add(w);
            w.start();
        }
        int excess = active.size() - desired;
        for (Worker w : active.stream().sorted((a, b) -> Boolean.compare(a.busy(), b.busy())).toList()) {
            if (excess-- <= 0) {
                break;
            }
            w.retire();
        }
        signal.wakeAll();
    }

    private void move(ServiceState next) {
        LOG.info("service {} -> {}", state.wireName(), next.wireName());
        state = next;
        since = clock.instant();
    }

    /** Called by each worker's thread as it ends. */
    synchronized void exited(Worker worker) {
        workers.remove(worker);
        finishDrainIfDone();
    }

    private void finishDrainIfDone() {
        if (state == ServiceState.DRAINING && workers.isEmpty()) {
            if (drainDeadline != null) {
                drainDeadline.cancel(false);
            }
            move(ServiceState.STOPPED);
            stopped.complete(null);
        }
    }

    private void releaseRunningJobs() {
        synchronized (this) {
            if (state != ServiceState.DRAINING) {
                return;
            }
        }
        LOG.info("drain deadline passed; releasing the jobs still running");
        workers.forEach(w -> w.stop(null, Worker.StopReason.RELEASE, "drain deadline passed"));
        timer.schedule(this::abandonStuckWorkers, settings.releaseGrace().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last deadline: a worker that did not stop is left behind; its lease expires and fences it. */
    private synchronized void abandonStuckWorkers() {
        if (state == ServiceState.DRAINING && !workers.isEmpty()) {
            LOG.warn("{} worker(s) did not stop in time; their jobs return to the queue when their leases expire",
                    workers.size());
            workers.forEach(Worker::retire);
            workers.clear();
            finishDrainIfDone();
        }
    }

    /** The leases this node's workers hold now: what a beat about to start will judge. */
    public List<Lease> runningLeases() {
        List<Lease> leases = new ArrayList<>();
        for (Worker w : workers) {
            w.running().ifPresent(r -> leases.add(r.lease()));
        }
        return leases;
    }

    /**
     * What a beat found: of the leases held when it started ({@code before}), one whose job's
     * cancellation was asked for is cancelled; one it did not extend is asked once more, by the
     * job's own fenced heartbeat, and when that is refused too, it was taken over: its job is
     * stopped here. why ask again: a beat that waited for the row lock of a job completing here
     * finds the job finished, not taken. Leases claimed after the beat started are not judged:
     * the beat could not see them.
     */
    public void beaten(List<Lease> before, List<Coordination.HeldLease> held) {
        Map<String, Coordination.HeldLease> byJob = new HashMap<>();
        held.forEach(h -> byJob.put(h.jobId(), h));
        for (Lease lease : before) {
            Worker w = holder(lease);
            if (w == null) {
                continue;
            }
            Coordination.HeldLease h = byJob.get(lease.jobId());
            JobQueue.Heartbeat beat = h != null ? new JobQueue.Heartbeat(true, h.cancelRequested())
                    : queue.heartbeat(lease, settings.leaseTime());
            if (!beat.held()) {
                if (holder(lease) == w) {
                    Worker.fencedOut(observer, w.id(), lease, "beat");
                    w.stop(lease.jobId(), Worker.StopReason.LEASE_LOST, "lease lost");
                }
            } else if (beat.cancelRequested()) {
                w.stop(lease.jobId(), Worker.StopReason.CANCEL, "cancelled");
            }
        }
    }

    /** The worker running {@code lease} now, or null. */
    private Worker holder(Lease lease) {
        for (Worker w : workers) {
            boolean holds = w.running().map(r -> r.lease().token() == lease.token()
                    && r.lease().jobId().equals(lease.jobId())).orElse(false);
            if (holds) {
                return w;
            }
        }
        return null;
    }

    /**
     * Stops every running job as if its lease were lost: this node could not hold its leases (the
     * database did not answer for longer than a lease), so other nodes may have the jobs already.
     */
    public void abandonRunningJobs(String why) {
        for (Worker w : workers) {
            w.running().ifPresent(r -> w.stop(r.lease().jobId(), Worker.StopReason.LEASE_LOST, why));
        }
    }

    /** Stops the timer and the dispatcher; call {@link #stop} and {@link #awaitStopped} first for a graceful end. */
    @Override
    public void close() {
        timer.shutdownNow();
        dispatcher.close();
    }
}
