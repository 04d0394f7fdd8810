package dev.c2a.queue.postgres;

import dev.c2a.job.QueueUnavailableException;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.queue.sql.PooledTransactions;
import dev.c2a.queue.sql.SqlJobQueue;
import dev.c2a.queue.sql.SqlTime;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;

/**
 * Opens (and migrates) the queue in a PostgreSQL database that many nodes share. Every write is a
 * transaction of its own on a connection of the given pool, which stays the caller's to close.
 */
public final class PostgresJobQueue {

    private PostgresJobQueue() {
    }

    /** Leases and due times are judged by the database's clock. */
    public static JobQueue open(DataSource pool, RetryPolicy retry) {
        return open(pool, SqlTime.database(), retry);
    }

    /** {@code clock} stands in for the database's clock: for tests that move time by hand. */
    public static JobQueue open(DataSource pool, InstantSource clock, RetryPolicy retry) {
        return open(pool, SqlTime.of(clock), retry);
    }

    private static JobQueue open(DataSource pool, SqlTime time, RetryPolicy retry) {
        try {
            PostgresDialect dialect = new PostgresDialect(durability(pool));
            Flyway.configure().dataSource(pool).locations(dialect.migrations()).load().migrate();
            return new SqlJobQueue(new PooledTransactions(pool), dialect, time, retry);
        } catch (SQLException | RuntimeException e) {
            throw new QueueUnavailableException("cannot open the job database: " + e.getMessage(), e);
        }
    }

    /** "fsync" when a commit waits for its WAL to be flushed, else "process" (the server may lose the last commits). */
    private static String durability(DataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
            return rs.next() && rs.getString(1).equals("off") ? "process" : "fsync";
        }
    }
}
