package dev.c2a.queue.sql;

import dev.c2a.queue.JobQueue;

/**
 * How a node hears that other nodes on the same database made jobs claimable (PostgreSQL: LISTEN
 * for what {@link SqlDialect#announceWork} sends). A node that shares its database with no one
 * hears nothing here: its own writes tell its listener directly.
 */
public interface WorkNotices extends AutoCloseable {
    WorkNotices NONE = listener -> { };

    /** Starts passing what is heard to {@code listener}; called once. */
    void listen(JobQueue.WorkListener listener);

    @Override
    default void close() {
    }
}
