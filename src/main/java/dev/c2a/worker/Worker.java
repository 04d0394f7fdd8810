package dev.c2a.worker;

import dev.c2a.api.ServiceState;
import dev.c2a.api.WorkerSnapshot;
import dev.c2a.content.ContentException;
import dev.c2a.job.JobError;
import dev.c2a.job.JobResult;
import dev.c2a.job.Move;
import dev.c2a.job.Progress;
import dev.c2a.job.QueueUnavailableException;
import dev.c2a.job.Transition;
import dev.c2a.pipeline.JobPipeline;
import dev.c2a.pipeline.JobRunner;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.Lease;
import dev.c2a.speech.CancelSignal;
import dev.c2a.speech.EngineUnavailableException;
import dev.c2a.speech.SpeechException;
import dev.c2a.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One platform thread running one loop: wait idle until a job is claimed for it ({@link HandOff}) →
 * run the pipeline → complete (claiming the next job in the same commit), fail, release or
 * acknowledge a cancel. The loop survives any error; only retirement or the pool's stop ends it. A
 * finished attempt keeps trying to write how it ended while the queue's database does not answer,
 * with longer and longer waits ({@link QueueOutage}): the work is done, and a database that returns
 * within the lease keeps it.
 */
final class Worker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    /**
     * How long a job handed back for a busy engine waits before any node may claim it again: long
     * enough not to be claimed straight back by the claim that took it, short beside a job's length.
     */
    static final Duration HAND_BACK_FOR = Duration.ofMillis(250);

    /** Why a running job was told to stop. */
    enum StopReason { CANCEL, RELEASE, LEASE_LOST }

    private final String id;
    private final WorkerPool pool;
    private final JobQueue queue;
    private final JobRunner pipeline;
    private final PoolSettings settings;
    private final InstantSource clock;
    private final JobObserver observer;
    private volatile boolean retiring;
    private volatile WorkerSnapshot snapshot;
    private volatile Running running;
    private final HandOff handOff = new HandOff();
    private final QueueOutage outage;
    private Thread thread;

    /** The job in hand: its lease, its cancel signal and the first reason it was told to stop. */
    record Running(Lease lease, CancelSignal signal, AtomicReference<StopReason> reason) {
    }

    Worker(String id, WorkerPool pool, JobQueue queue, JobRunner pipeline, PoolSettings settings,
           InstantSource clock, JobObserver observer) {
        this.id = id;
        this.pool = pool;
        this.queue = queue;
        this.pipeline = pipeline;
        this.settings = settings;
        this.clock = clock;
        this.observer = observer;
        this.snapshot = WorkerSnapshot.idle(id, false);
        this.outage = new QueueOutage("worker " + id, settings.pollInterval());
    }

    void start() {
        thread = Thread.ofPlatform().name("c2a-worker-" + id).daemon().start(this);
    }

    String id() {
        return id;
    }

    /** The name its leases are held under: unique among every node's workers. */
    String owner() {
        return settings.node().owner(id);
    }

    WorkerSnapshot snapshot() {
        return snapshot;
    }

    Optional<Running> running() {
        return Optional.ofNullable(running);
    }

    boolean busy() {
        return running != null;
    }

    boolean retiring() {
        return retiring;
    }

    HandOff handOff() {
        return handOff;
    }

    boolean alive() {
        return thread != null && thread.isAlive();
    }

    void join(Duration timeout) throws InterruptedException {
        thread.join(timeout);
    }

    /** Ends the loop: at once when idle, after the current job when busy. */
    void retire() {
        retiring = true;
        if (running == null) {
            snapshot = WorkerSnapshot.idle(id, true);
        }
    }

    /** Tells the current job, if it is {@code jobId} (or any when null), to stop now. */
    void stop(String jobId, StopReason reason, String why) {
        Running r = running;
        if (r != null && (jobId == null || r.lease().jobId().equals(jobId))) {
            r.reason().compareAndSet(null, reason);
            r.signal().fire(why);
        }
    }

    @Override
    public void run() {
        try {
            loop();
        } finally {
            pool.exited(this);
        }
    }

    private void loop() {
        while (!retiring) {
            try {
                long seen = pool.signal().version();
                ServiceState state = pool.state();
                if (state == ServiceState.DRAINING || state == ServiceState.STOPPED) {
                    return;
                }
                Optional<Lease> lease = waitForWork(seen);
                while (lease.isPresent()) {
                    lease = execute(lease.get());
                }
            } catch (InterruptedException e) {
                // why: interrupts come only from the pool (retire, stop); the loop re-reads its state
                Thread.interrupted();
            } catch (QueueUnavailableException e) {
                outage.failed(e);
            } catch (Throwable t) {
                LOG.error("worker {} hit an unexpected error; it goes on after a pause", id, t);
                pause(settings.pollInterval());
            }
        }
    }

    /**
     * Waits, idle, for a job claimed for this worker (by the {@link Dispatcher}, or by a submission in
     * its own commit: see {@link WorkerPool#enqueue}), or for the pool's state to change. A job given
     * while the pool stops or this worker retires goes back.
     */
    private Optional<Lease> waitForWork(long seen) throws InterruptedException {
        handOff.open();
        pool.waiting(this);
        InterruptedException interrupted = null;
        try {
            // why a loop: the poll interval only re-checks; the wait ends with a job or a change of state
            while (handOff.isOpen() && pool.signal().version() == seen && !retiring) {
                pool.signal().await(seen, settings.pollInterval(), () -> !handOff.isOpen());
            }
        } catch (InterruptedException e) {
            interrupted = e;
        }
        pool.notWaiting(this);
        Optional<Lease> given = handOff.close();
        if (given.isPresent() && (retiring || !pool.claims())) {
            Lease back = given.get();
            written(() -> queue.release(back)).ifPresent(t -> observer.moved(t, null));
            given = Optional.empty();
        }
        if (given.isEmpty() && interrupted != null) {
            throw interrupted;
        }
        return given;
    }

    /**
     * Runs one job, holding a slot of its engine; returns the next one when the completion could
     * claim it in the same commit. A job whose engine has no free slot goes back to the queue.
     */
    private Optional<Lease> execute(Lease lease) {
        Optional<String> slot = pool.slots().take(lease.job().spec());
        if (slot.isEmpty()) {
            handBack(lease);
            return Optional.empty();
        }
        AtomicReference<String> held = new AtomicReference<>(slot.get());
        // given back once: when the job is spoken, or else when it ends however it ends
        Runnable giveBack = () -> {
            String engine = held.getAndSet(null);
            if (engine != null) {
                pool.slots().give(engine);
            }
        };
        try {
            return execute(lease, giveBack);
        } finally {
            giveBack.run();
        }
    }

    /**
     * The job's engine is busy with as many jobs of this node as it takes at once (another engine had
     * a free slot when it was claimed): it goes back to the queue for a moment, its attempt untouched,
     * rather than holding its lease while this worker waits for the engine.
     */
    private void handBack(Lease lease) {
        String engine = pool.slots().engineOf(lease.job().spec());
        LOG.debug("job {} goes back to the queue: engine {} is busy with this node's other jobs", lease.jobId(), engine);
        written(() -> queue.postpone(lease, HAND_BACK_FOR));
        observer.handedBack(lease.jobId(), engine);
    }

    private Optional<Lease> execute(Lease lease, Runnable engineDone) {
        Instant started = clock.instant();
        Running r = new Running(lease, new CancelSignal(), new AtomicReference<>());
        running = r;
        snapshot = new WorkerSnapshot(id, "busy", lease.jobId(), "starting", Progress.NONE, started);
        observer.moved(lease.transition(), null);
        if (lease.job().cancelRequested()) {
            stop(lease.jobId(), StopReason.CANCEL, "cancelled");
        }
        ProgressReporter progress = new ProgressReporter(lease, started, engineDone);
        try {
            JobResult result = pipeline.run(lease.jobId(), lease.token(), lease.job().spec(), r.signal(), progress);
            // the slot is back (if speaking did not already give it): the next job, claimed in the same commit, may need it
            engineDone.run();
            boolean claimNext = !retiring && pool.claims() && pool.slots().free() > 0;
            JobQueue.Handover handover = written(() -> claimNext
                    ? queue.completeAndClaim(lease, result, settings.leaseTime(), pool.slots().full())
                    : new JobQueue.Handover(queue.complete(lease, result), Optional.empty()));
            if (handover.completed().isPresent()) {
                pipeline.forget(lease.jobId());
                observer.moved(handover.completed().get(), new JobObserver.Attempt(
                        Duration.between(started, clock.instant()), result.durationSeconds()));
            } else {
                pipeline.discard(lease.jobId(), lease.token());
                lost(lease, started, Move.SUCCEED);
            }
            return handover.next();
        } catch (QueueUnavailableException e) {
            // the end of the attempt could not be written before the service stopped: its lease
            // expires and the job goes back to the queue, through this node's recovery or another's
            LOG.warn("job {}: how its attempt ended could not be written ({}); it runs again when its lease"
                    + " expires", lease.jobId(), e.getMessage());
            observer.leaseLost(lease.jobId(), Duration.between(started, clock.instant()));
        } catch (JobPipeline.StoppedException e) {
            stopped(lease, r.reason().get(), started);
        } catch (EngineUnavailableException e) {
            postponed(lease, e.getMessage(), e.retryAfter(), started);
        } catch (StoreUnavailableException e) {
            // why not fail: an object store that is down says nothing about the job; it waits, attempts untouched
            postponed(lease, "the object store cannot be reached: " + e.getMessage(), settings.shortageWait(), started);
        } catch (InterruptedException e) {
            Thread.interrupted();
            stopped(lease, StopReason.RELEASE, started);
        } catch (ContentException e) {
            failed(lease, e.getMessage(), null, false, started);
        } catch (Exception e) {
            Optional<String> shortage = ResourceShortage.of(e);
            if (shortage.isPresent()) {
                LOG.warn("job {} waits {} s: {} ({})", lease.jobId(), settings.shortageWait().toSeconds(),
                        shortage.get(), e.toString());
                postponed(lease, shortage.get(), settings.shortageWait(), started);
            } else if (e instanceof SpeechException s) {
                failed(lease, s.getMessage(), s.stderr(), s.retryable(), started);
            } else {
                LOG.warn("job {} failed in worker {}", lease.jobId(), id, e);
                failed(lease, e.getClass().getSimpleName() + ": " + e.getMessage(), null, true, started);
            }
        } finally {
            running = null;
            snapshot = WorkerSnapshot.idle(id, retiring);
        }
        return Optional.empty();
    }

    private void stopped(Lease lease, StopReason reason, Instant started) {
        if (reason == StopReason.LEASE_LOST) {
            // the job is another node's now (or its lease ran out unseen): nothing is left to write
            lost(lease, started, null);
            return;
        }
        Optional<Transition> moved = Optional.empty();
        if (reason == StopReason.CANCEL) {
            moved = written(() -> queue.acknowledgeCancel(lease));
            moved.ifPresent(t -> pipeline.forget(lease.jobId()));
        }
        report(lease, moved.isPresent() ? moved : written(() -> queue.release(lease)), Move.RELEASE, started);
    }

    /** One report per attempt: the move it ended with, or the lease it lost when {@code tried} was refused. */
    private void report(Lease lease, Optional<Transition> moved, Move tried, Instant started) {
        if (moved.isPresent()) {
            observer.moved(moved.get(), new JobObserver.Attempt(Duration.between(started, clock.instant()), 0));
        } else {
            lost(lease, started, tried);
        }
    }

    /**
     * The engine is down for a while, or the machine ran short of disk or descriptors: the job
     * waits in the queue, its attempts untouched.
     */
    private void postponed(Lease lease, String why, Duration wait, Instant started) {
        LOG.info("job {} waits {} ms: {}", lease.jobId(), wait.toMillis(), why);
        report(lease, written(() -> queue.postpone(lease, wait)), Move.RELEASE, started);
    }

    private void failed(Lease lease, String message, String stderr, boolean retryable, Instant started) {
        JobError error = JobError.forClients(lease.job().attempts(), message, stderr, clock.instant());
        Optional<Transition> moved = written(() -> queue.fail(lease, error, retryable));
        report(lease, moved, Move.FAIL, started);
    }

    /** The attempt lost its lease: its work is discarded; {@code refused} is the write that found out, if any. */
    private void lost(Lease lease, Instant started, Move refused) {
        if (refused != null) {
            fencedOut(observer, id, lease, refused.wireName());
        }
        observer.leaseLost(lease.jobId(), Duration.between(started, clock.instant()));
    }

    /**
     * A write of {@code worker}'s claim that the queue refused: another holder took the lease over
     * (ours expired while this node stalled). Expected now and then, so INFO, and counted.
     */
    static void fencedOut(JobObserver observer, String worker, Lease lease, String write) {
        LOG.info("worker {}'s {} of job {} was fenced out: its lease (token {}) was taken over; its work is"
                + " discarded", worker, write, lease.jobId(), lease.token());
        observer.fencedOut(lease.jobId(), write);
    }

    /**
     * A write that ends an attempt (or gives back a job), tried until the database takes it. Given
     * up only when the pool has stopped without this worker (it was abandoned: the lease will expire)
     * or the wait is interrupted.
     */
    private <T> T written(Supplier<T> write) {
        while (true) {
            try {
                T done = write.get();
                outage.over();
                return done;
            } catch (QueueUnavailableException e) {
                if (pool.state() == ServiceState.STOPPED || !outage.failed(e)) {
                    throw e;
                }
            }
        }
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Publishes progress to the snapshot at once and to the ledger at most every few seconds. */
    private final class ProgressReporter implements JobPipeline.Listener {
        private final Lease lease;
        private final Instant started;
        private final Runnable engineDone;
        private Instant lastWrite;

        ProgressReporter(Lease lease, Instant started, Runnable engineDone) {
            this.lease = lease;
            this.started = started;
            this.engineDone = engineDone;
            this.lastWrite = started;
        }

        /** The job's engine slot goes back as soon as it is spoken: encoding and storing need no engine. */
        @Override
        public void spoken() {
            engineDone.run();
        }

        @Override
        public void stage(String stage, Progress progress) {
            snapshot = new WorkerSnapshot(id, retiring ? "retiring" : "busy", lease.jobId(), stage, progress, started);
            Instant now = clock.instant();
            if (Duration.between(lastWrite, now).compareTo(settings.progressEvery()) >= 0 && progress.total() > 0) {
                lastWrite = now;
                try {
                    if (!queue.progress(lease, progress)) {
                        fencedOut(observer, id, lease, "progress");
                    }
                } catch (QueueUnavailableException e) {
                    // progress is a hint: the job goes on, and the write that ends it will wait for the database
                    LOG.debug("progress of job {} not written: {}", lease.jobId(), e.getMessage());
                }
            }
        }
    }
}
