package dev.c2a.worker;

import dev.c2a.job.QueueUnavailableException;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    private final WorkerPool pool;
    private final JobQueue queue;
    private final PoolSettings settings;
    private final InstantSource clock;
    private final WakeSignal work = new WakeSignal();
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

    /** Work may be there, or a worker turned idle: look now. */
    void wake() {
        work.wakeOne();
    }

    @Override
    public void run() {
        while (!closed) {
            try {
                long seen = work.version();
                if (pool.state().claims() && dispatch()) {
                    // every reserved worker got a job: more may wait, for workers that turned idle meanwhile
                    continue;
                }
                work.await(seen, idleWait(), () -> closed);
            } catch (InterruptedException e) {
                // why: only close() interrupts; the loop re-reads closed
                Thread.interrupted();
            } catch (QueueUnavailableException e) {
                outage.failed(e);
            } catch (RuntimeException e) {
                LOG.error("the dispatcher hit an unexpected error; it goes on after a pause", e);
                pause(settings.pollInterval());
            }
        }
    }

    /**
     * One claim for every idle worker; true when each got a job. Every reservation ends here: given
     * a lease or undone, even when the claim fails.
     */
    private boolean dispatch() {
        Map<String, Worker> reserved = new LinkedHashMap<>();
        for (Worker w : pool.reserveIdleWorkers()) {
            reserved.put(w.owner(), w);
        }
        if (reserved.isEmpty()) {
            return false;
        }
        int wanted = reserved.size();
        List<Lease> leases = List.of();
        try {
            leases = queue.claimEach(List.copyOf(reserved.keySet()), settings.leaseTime());
            outage.over();
        } finally {
            for (Lease lease : leases) {
                reserved.remove(lease.owner()).handOff().give(lease);
            }
            reserved.values().forEach(w -> w.handOff().unreserve());
        }
        return leases.size() == wanted;
    }

    /** Until the next delayed job is due, at most the poll interval. */
    private Duration idleWait() {
        Duration wait = settings.pollInterval();
        if (pool.state().claims()) {
            Optional<Instant> due = queue.nextDueAt();
            if (due.isPresent()) {
                Duration untilDue = Duration.between(clock.instant(), due.get());
                if (untilDue.compareTo(wait) < 0) {
                    wait = untilDue.isNegative() ? Duration.ofMillis(1) : untilDue;
                }
            }
        }
        return wait;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
