package dev.c2a.worker;

import dev.c2a.queue.Lease;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Where an idle worker can be given a job that a submission claimed for it in the submission's own
 * commit. The worker opens it before it waits and closes it after. A submission reserves an open
 * hand-off (only one can), commits, then gives the lease, or nothing when no job was due. A worker
 * closing a reserved hand-off waits for that outcome, which comes as soon as the commit does, so a
 * worker never starts other work while a job may be on its way to it.
 */
final class HandOff {
    private static final int CLOSED = 0;
    private static final int OPEN = 1;
    private static final int RESERVED = 2;

    private final AtomicInteger state = new AtomicInteger(CLOSED);
    private final AtomicReference<Lease> given = new AtomicReference<>();
    private volatile Thread waiter;

    /** The worker is about to wait for work. */
    void open() {
        waiter = Thread.currentThread();
        state.set(OPEN);
    }

    boolean isOpen() {
        return state.get() == OPEN;
    }

    /** A submission takes this worker; false when it stopped waiting or another submission took it. */
    boolean reserve() {
        return state.compareAndSet(OPEN, RESERVED);
    }

    /** The reserving submission's outcome: the lease it claimed for this worker, or null. */
    void give(Lease lease) {
        given.set(lease);
        state.set(CLOSED);
        LockSupport.unpark(waiter);
    }

    /** The worker stops waiting; returns the job it was given, waiting for a reservation's outcome. */
    Optional<Lease> close() {
        if (!state.compareAndSet(OPEN, CLOSED)) {
            // why interrupts are held: parkNanos returns at once while one is pending, which would spin
            boolean interrupted = Thread.interrupted();
            while (state.get() == RESERVED) {
                LockSupport.parkNanos(this, 1_000_000L);
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return Optional.ofNullable(given.getAndSet(null));
    }
}
