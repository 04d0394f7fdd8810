package dev.c2a.maintenance;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This node's background duties (disk watch, store garbage collection, retention) on one thread:
 * each runs every so often, one at a time, and a duty that throws runs again next time. why one
 * thread: the duties are short and rare, and two of them at once would only contend for the
 * database and the disk.
 */
public final class Duties implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Duties.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("c2a-maintenance").daemon().factory());

    /** A duty with a name for the logs. */
    public interface Duty {
        String name();

        void run() throws Exception;
    }

    /** Runs {@code duty} after {@code first}, then {@code every} after each run ends. */
    public void schedule(Duty duty, Duration first, Duration every) {
        timer.scheduleWithFixedDelay(() -> runOnce(duty), first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void runOnce(Duty duty) {
        try {
            duty.run();
        } catch (Throwable t) {
            // why catch everything: a duty that threw would never be scheduled again
            LOG.warn("{} failed; it runs again at its next turn: {}", duty.name(), t.toString());
        }
    }

    /** Stops the duties, waiting a little for one under way to end (it is interrupted). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
