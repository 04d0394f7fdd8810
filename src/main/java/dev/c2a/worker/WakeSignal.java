package dev.c2a.worker;

import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Wakes idle workers when there may be work. A worker reads {@link #version()} before it looks for
 * a job and waits only while the version is unchanged, so a signal sent between its look and its
 * wait is never lost. Waiting threads park, so that one of them can also be woken alone, by an
 * unpark, when its own condition comes true (a job handed to it: {@link HandOff}).
 */
public final class WakeSignal {
    private final AtomicLong version = new AtomicLong();
    private final Deque<Thread> waiting = new ConcurrentLinkedDeque<>();

    public long version() {
        return version.get();
    }

    /** One job arrived: wake one idle worker. */
    public void wakeOne() {
        version.incrementAndGet();
        Thread t = waiting.pollFirst();
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Many jobs arrived, or the pool's state changed: wake every idle worker. */
    public void wakeAll() {
        version.incrementAndGet();
        for (Thread t = waiting.pollFirst(); t != null; t = waiting.pollFirst()) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Waits until the version moves past {@code seen}, {@code done} holds (checked whenever this
     * thread is unparked), or {@code timeout} passes.
     */
    public void await(long seen, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread me = Thread.currentThread();
        waiting.addLast(me);
        try {
            // why re-checked after registering: a wake-up sent before it found no one to unpark
            while (version.get() == seen && !done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            waiting.remove(me);
        }
    }
}
