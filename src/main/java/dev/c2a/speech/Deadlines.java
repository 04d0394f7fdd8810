package dev.c2a.speech;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kills engine calls that outlive their deadline. why a scheduler of our own: a cancelled deadline
 * must leave the queue at once. CompletableFuture.delayedExecutor keeps a cancelled task (and the
 * process it holds) queued until its delay ends, so heap grew with the calls made per engine-timeout.
 */
public final class Deadlines implements AutoCloseable {
    private final ScheduledThreadPoolExecutor scheduler;

    public Deadlines() {
        scheduler = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("c2a-engine-deadlines").daemon()
                .factory());
        scheduler.setRemoveOnCancelPolicy(true);
    }

    /** A deadline for one call: runs {@code kill} when it passes, unless disarmed first. */
    public Armed arm(Duration after, Runnable kill) {
        AtomicBoolean passed = new AtomicBoolean();
        ScheduledFuture<?> task = scheduler.schedule(() -> {
            // why: set before the kill, so the caller that sees the process die also sees why
            passed.set(true);
            kill.run();
        }, after.toMillis(), TimeUnit.MILLISECONDS);
        return new Armed(task, passed);
    }

    /** Deadlines still scheduled: only calls in flight should have one. */
    public int pending() {
        return scheduler.getQueue().size();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    public record Armed(ScheduledFuture<?> task, AtomicBoolean flag) implements AutoCloseable {
        /** True once the deadline passed and the kill was sent. */
        public boolean passed() {
            return flag.get();
        }

        @Override
        public void close() {
            task.cancel(false);
        }
    }
}
