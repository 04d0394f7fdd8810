package dev.c2a.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One named thread that runs a step again and again: at once while the step finds work, else after
 * {@code idle} or soon after {@link #nudge()} says there may be some. A step that throws is logged
 * and tried again after {@code idle}.
 */
final class Loop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Loop.class);

    /** One pass; true when it found work, so the next pass comes at once. */
    @FunctionalInterface
    interface Step {
        boolean run() throws Exception;
    }

    private final Semaphore nudged = new Semaphore(0);
    private final Thread thread;
    private volatile boolean closed;

    /** @param settle how long a pass waits after a nudge, so that what comes meanwhile is taken with it */
    Loop(String name, Duration idle, Duration settle, Step step) {
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(() -> {
            while (!closed) {
                boolean busy = false;
                try {
                    busy = step.run();
                } catch (InterruptedException e) {
                    return;
                } catch (Exception | Error e) {
                    if (!closed) {
                        LOG.warn("{}: {}; trying again in {} ms", name, e.toString(), idle.toMillis());
                    }
                }
                if (!busy) {
                    try {
                        if (nudged.tryAcquire(idle.toMillis(), TimeUnit.MILLISECONDS) && !settle.isZero()) {
                            Thread.sleep(settle);
                        }
                        nudged.drainPermits();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
    }

    void start() {
        thread.start();
    }

    /** There may be work: the next pass comes now rather than after the idle wait. */
    void nudge() {
        nudged.release();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
