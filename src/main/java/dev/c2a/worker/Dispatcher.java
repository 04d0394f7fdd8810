package dev.c2a.worker;

import dev.c2a.job.QueueUnavailableException;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's one claimer for idle workers. Woken when the queue says work may be there, when a
 * worker turns idle, and at least every poll interval (the net under a lost notice), it reserves
 * every idle worker's {@link HandOff}, claims a job for each in one statement
 * ({@link JobQueue#claimEach}) and gives each worker its lease; a worker left without one stays
 * idle, its reservation undone. Idle workers never claim for themselves, so ten idle workers cost
 * one claim, not ten racing each other for the same rows. A busy worker still claims its next job
 * itself, in the commit that ends its current one ({@link JobQueue#completeAndClaim}).
 */
final class Dispatcher implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration AGAIN_SHORTLY = Duration.ofMillis(10);

    private final WorkerPool pool;
    private final JobQueue queue;
    private final PoolSettings settings;
    private final InstantSource clock;
    private final WakeSignal work = new WakeSignal();
    private final AtomicInteger announced = new AtomicInteger();
    private final QueueOutage outage;
    private final Thread thread;
    private volatile boolean closed;

    Dispatcher(WorkerPool pool, JobQueue queue, PoolSettings settings, InstantSource clock) {
        this.pool = pool;
        this.queue = queue;
        this.settings = settings;
        this.clock = clock;
        this.outage = new QueueOutage("the dispatcher", settings.pollInterval());
        this.thread = Thread.ofPlatform().name("c2a-dispatcher").daemon().unstarted(this);
    }

    void start() {
        thread.start();
    }

    /**
     * {@code jobs} may be claimable, or a worker turned idle ({@code jobs} 1): look now, for as many
     * idle workers as jobs were announced since the last look. why not for every idle worker: the
     * others stay open to submissions, which hand a job over in their own commit.
     */
    void wake(int jobs) {
        announced.accumulateAndGet(jobs, (a, b) -> (int) Math.min(JobQueue.WorkListener.MANY, (long) a + b));
        work.wakeOne();
    }

    /** What one look for work found. */
    private enum Outcome { NO_IDLE_WORKER, ALL_FILLED, WORKERS_LEFT_IDLE }

    @Override
    public void run() {
        while (!closed) {
            try {
                long seen = work.version();
                int jobs = announced.getAndSet(0);
                // nothing announced: the poll, or more after a full claim; look for every idle worker
                Outcome outcome = pool.claims() ? dispatch(jobs == 0 ? JobQueue.WorkListener.MANY : jobs)
                        : Outcome.NO_IDLE_WORKER;
                if (outcome == Outcome.ALL_FILLED) {
                    outage.over();
                    // more may wait, for workers that turned idle meanwhile
                    continue;
                }
                // why no due time while no worker is idle: jobs wait for one, and one turning idle wakes us
                Duration wait = settings.pollInterval();
                if (outcome == Outcome.WORKERS_LEFT_IDLE) {
                    wait = untilNextDue();
                    outage.over();
                }
                work.await(seen, wait, () -> closed);
            } catch (InterruptedException e) {
                // why: only close() interrupts; the loop re-reads closed
                Thread.interrupted();
            } catch (QueueUnavailableException e) {
                outage.failed(e);
            } catch (Throwable t) {
                // why Throwable: a dead dispatcher would leave this node's idle workers idle for good
                LOG.error("the dispatcher hit an unexpected error; it goes on after a pause", t);
                Worker.pause(settings.pollInterval());
            }
        }
    }

    /**
     * One claim for up to {@code most} idle workers. Every reservation ends here, given a lease or
     * undone, even when the claim fails.
     */
    private Outcome dispatch(int most) {
        // why no more than the engines' free slots: a job claimed beyond them would hold its lease
        // waiting for an engine, where another node could have spoken it
        List<Worker> reserved = pool.reserveIdleWorkers(Math.min(most, pool.slots().free()));
        if (reserved.isEmpty()) {
            return Outcome.NO_IDLE_WORKER;
        }
        Map<String, Lease> leases = new HashMap<>();
        try {
            for (Lease lease : queue.claimEach(reserved.stream().map(Worker::owner).toList(), settings.leaseTime(),
                    pool.slots().full())) {
                leases.put(lease.owner(), lease);
            }
        } finally {
            for (Worker w : reserved) {
                w.handOff().give(leases.get(w.owner()));
            }
        }
        return leases.size() == reserved.size() ? Outcome.ALL_FILLED : Outcome.WORKERS_LEFT_IDLE;
    }

    /**
     * Workers are idle and no job was due: until the next delayed job is due, at most the poll
     * interval. A due time already past means a due job another claim held locked just now: look
     * again shortly, not at once.
     */
    private Duration untilNextDue() {
        Optional<Instant> due = queue.nextDueAt();
        if (due.isEmpty()) {
            return settings.pollInterval();
        }
        Duration untilDue = Duration.between(clock.instant(), due.get());
        if (untilDue.compareTo(AGAIN_SHORTLY) < 0) {
            return AGAIN_SHORTLY;
        }
        return untilDue.compareTo(settings.pollInterval()) < 0 ? untilDue : settings.pollInterval();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
