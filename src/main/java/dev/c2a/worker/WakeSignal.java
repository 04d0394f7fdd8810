package dev.c2a.worker;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes idle workers when there may be work. A worker reads {@link #version()} before it looks for
 * a job and waits only while the version is unchanged, so a signal sent between its look and its
 * wait is never lost.
 */
public final class WakeSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long version;

    public long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    /** One job arrived: wake one idle worker. */
    public void wakeOne() {
        bump(false);
    }

    /** Many jobs arrived, or the pool's state changed: wake every idle worker. */
    public void wakeAll() {
        bump(true);
    }

    private void bump(boolean all) {
        lock.lock();
        try {
            version++;
            if (all) {
                changed.signalAll();
            } else {
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the version moves past {@code seen} or {@code timeout} passes. */
    public void await(long seen, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (version == seen && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }
}
