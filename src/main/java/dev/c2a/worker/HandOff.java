package dev.c2a.worker;

import dev.c2a.queue.Lease;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Where an idle worker is given a job claimed for it: by the {@link Dispatcher}, or by a submission
 * in the submission's own commit. The worker opens it before it waits and closes it after. A
 * claimer reserves an open hand-off (only one can), commits, then gives the lease, or undoes the
 * reservation when no job was left for this worker. A worker closing a reserved hand-off waits for
 * that outcome, which comes as soon as the commit does, so a worker never starts other work while a
 * job may be on its way to it.
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

    /** A claimer takes this worker; false when it stopped waiting or another claimer took it. */
    boolean reserve() {
        return state.compareAndSet(OPEN, RESERVED);
    }

    /**
     * The reserving claimer's outcome: the lease it claimed for this worker, which wakes it; or null
     * when it had no job for this worker, which stays open and waiting, not woken for nothing.
     */
    void give(Lease lease) {
        if (lease == null) {
            state.compareAndSet(RESERVED, OPEN);
            return;
        }
        given.set(lease);
        state.set(CLOSED);
        LockSupport.unpark(waiter);
    }

    /** The worker stops waiting; returns the job it was given, waiting for a reservation's outcome. */
    Optional<Lease> close() {
        // why interrupts are held: parkNanos returns at once while one is pending, which would spin
        boolean interrupted = false;
        while (!state.compareAndSet(OPEN, CLOSED) && state.get() != CLOSED) {
            LockSupport.parkNanos(this, 1_000_000L);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return Optional.ofNullable(given.getAndSet(null));
    }
}
