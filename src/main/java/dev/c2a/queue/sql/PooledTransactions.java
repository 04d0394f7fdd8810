package dev.c2a.queue.sql;

import dev.c2a.job.QueueUnavailableException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A server database's way to run the queue's work: each write is a transaction of its own on a
 * pooled connection, so writes from many threads (and nodes) run side by side and the statements'
 * own guards and row locks keep them apart; no writer thread, no group commit. The pool is the
 * caller's: closing this does not close it.
 */
public final class PooledTransactions implements Transactions {
    private final DataSource pool;
    private volatile String lastFailure;

    public PooledTransactions(DataSource pool) {
        this.pool = pool;
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
        // the pool belongs to whoever made it
    }
}
