package dev.c2a.maintenance;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Background duties (disk watch, store garbage collection, retention; the node's beat and the
 * leader's maintenance on a second instance) on one thread:
 * each runs every so often, one at a time, and a duty that throws runs again next time. why one
 * thread: the duties are short and rare, and two of them at once would only contend for the
 * database and the disk.
 */
public final class Duties implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Duties.class);

    private final ScheduledExecutorService timer;

    /** Duties on the thread {@code c2a-maintenance}. */
    public Duties() {
        this("c2a-maintenance");
    }

    /** Duties on a thread of their own named {@code thread}. */
    public Duties(String thread) {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(thread).daemon().factory());
    }

    /** A duty with a name for the logs. */
    public interface Duty {
        String name();

        void run() throws Exception;
    }

    /** What a duty does. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** A duty of {@code action}, named {@code name} for the logs. */
    public static Duty duty(String name, Action action) {
        return new Duty() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void run() throws Exception {
                action.run();
            }
        };
    }

    /** {@code duty}, run only while {@code leads} says so: the leader's maintenance on every node's schedule. */
    public static Duty leading(java.util.function.BooleanSupplier leads, Duty duty) {
        return duty(duty.name(), () -> {
            if (leads.getAsBoolean()) {
                duty.run();
            }
        });
    }

    /** Runs {@code duty} after {@code first}, then {@code every} after each run ends. */
    public void schedule(Duty duty, Duration first, Duration every) {
        timer.scheduleWithFixedDelay(() -> runOnce(duty), first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code duty} once, soon, unless the duties are closed. */
    public void runSoon(Duty duty) {
        try {
            timer.execute(() -> runOnce(duty));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closing: nothing more runs
        }
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
