package dev.c2a.queue.sql;

import java.util.Optional;

/**
 * How a backend runs the SQL queue's work: each {@link #write} in a transaction of its own (or
 * grouped with others, each still all or nothing), each {@link #read} on a connection that sees the
 * last commit. SQLite has one writer thread that commits groups; PostgreSQL takes pooled connections.
 * Failures surface as {@link dev.c2a.job.QueueUnavailableException}; a {@link RuntimeException} the
 * work throws reaches the caller as it is, and its write is rolled back.
 */
public interface Transactions extends AutoCloseable {

    <T> T write(SqlWork<T> work);

    <T> T read(SqlWork<T> work);

    /** Why the last write failed to commit, or empty when it committed. */
    Optional<String> writeFailure();

    @Override
    void close();
}
