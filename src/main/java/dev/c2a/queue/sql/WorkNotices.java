package dev.c2a.queue.sql;

import dev.c2a.queue.JobQueue;

/**
 * How nodes on one database tell each other that jobs became claimable (PostgreSQL: NOTIFY and
 * LISTEN). A node that shares its database with no one sends and hears nothing here: its own writes
 * tell its listener directly.
 */
public interface WorkNotices extends AutoCloseable {
    WorkNotices NONE = listener -> { };

    /** Starts passing what other nodes announce to {@code listener}; called once. */
    void listen(JobQueue.WorkListener listener);

    /** Starts passing other nodes' changes of desired state to {@code listener}; called once. */
    default void onControl(Runnable listener) {
    }

    /** After a commit here that made jobs claimable: the other nodes hear of it soon. A hint. */
    default void announce() {
    }

    @Override
    default void close() {
    }
}
