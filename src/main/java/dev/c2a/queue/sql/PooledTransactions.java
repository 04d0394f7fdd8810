package dev.c2a.queue.sql;

import dev.c2a.job.QueueUnavailableException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A server database's way to run the queue's work: each write is a transaction of its own on a
 * pooled connection, so writes from many threads (and nodes) run side by side and the statements'
 * own guards and row locks keep them apart; no writer thread, no group commit. Closing this closes
 * {@code owned} (the pool, when the queue made it), nothing else.
 */
public final class PooledTransactions implements Transactions {
    private final DataSource pool;
    private final AutoCloseable owned;
    private volatile String lastFailure;

    /** @param owned closed with this: the pool when it is this queue's, else something that does nothing */
    public PooledTransactions(DataSource pool, AutoCloseable owned) {
        this.pool = pool;
        this.owned = owned;
    }

    @Override
    public <T> T write(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                lastFailure = null;
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            lastFailure = e.getMessage();
            throw new QueueUnavailableException("database write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new QueueUnavailableException("database read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> writeFailure() {
        return Optional.ofNullable(lastFailure);
    }

    @Override
    public void close() {
        try {
            owned.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the database pool failed: " + e.getMessage(), e);
        }
    }
}
