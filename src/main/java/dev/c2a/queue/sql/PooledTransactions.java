package dev.c2a.queue.sql;

import dev.c2a.job.QueueUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A server database's way to run the queue's work: each write is a transaction of its own on a
 * pooled connection, so writes from many threads (and nodes) run side by side and the statements'
 * own guards and row locks keep them apart; no writer thread, no group commit. Closing this closes
 * {@code owned} (the pool, when the queue made it), nothing else.
 */
public final class PooledTransactions implements Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(PooledTransactions.class);
    static final int TRIES = 5;
    private final DataSource pool;
    private final AutoCloseable owned;
    private volatile String lastFailure;

    /** @param owned closed with this: the pool when it is this queue's, else something that does nothing */
    public PooledTransactions(DataSource pool, AutoCloseable owned) {
        this.pool = pool;
        this.owned = owned;
    }

    /**
     * Runs {@code work} in a transaction of its own; one the database rolled back for a conflict
     * with another (a deadlock, a serialization failure) runs again, up to
     * {@link #TRIES} times, since nothing of it was kept. Work must only read and write through the
     * connection, so that running it again is safe.
     */
    @Override
    public <T> T write(SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return writeOnce(work);
            } catch (QueueUnavailableException e) {
                if (attempt == TRIES || !(e.getCause() instanceof SQLException sql) || !isConflict(sql)) {
                    throw e;
                }
                LOG.debug("a write was rolled back for a conflict with another ({}); running it again",
                        e.getCause().getMessage());
                pauseBeforeRetry(attempt);
            }
        }
    }

    private <T> T writeOnce(SqlWork<T> work) {
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

    /**
     * 40001 serialization failure, 40P01 deadlock detected: rolled back whole, safe to run again.
     * why not all of class 40: 40003 (statement completion unknown) may have committed.
     */
    private static boolean isConflict(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    /** why a random pause: two transactions that collided once would collide again if both retried at once. */
    private static void pauseBeforeRetry(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * attempt + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
