package dev.c2a.queue.memory;

import java.util.function.Supplier;

/**
 * Runs work under the in-memory queue's one lock, failing as a closed queue does: what its outbox
 * and its coordination do is then one step with the queue's moves, as the SQL queue's share a
 * transaction.
 */
@FunctionalInterface
interface UnderLock {
    <T> T locked(Supplier<T> work);
}
