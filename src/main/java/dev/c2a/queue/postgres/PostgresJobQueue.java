package dev.c2a.queue.postgres;

import dev.c2a.job.QueueUnavailableException;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.queue.sql.PooledTransactions;
import dev.c2a.queue.sql.SqlJobQueue;
import dev.c2a.queue.sql.SqlTime;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.time.InstantSource;

/**
 * Opens (and migrates) the queue in a PostgreSQL database that many nodes share. Every write is a
 * transaction of its own on a pooled connection.
 */
public final class PostgresJobQueue {
    /**
     * How long a caller waits for a connection: a submission to a database that is down gets its 503
     * within this, and a worker's try fails this soon. Statements are short, so a healthy pool
     * hands out connections in far less.
     */
    private static final long CONNECT_TIMEOUT_MS = 3_000;
    /**
     * A statement whose server went silent (a network partition, not a refusal) fails after this
     * instead of waiting for TCP to give up, hours later. Longer than any of the queue's statements,
     * a batch of 10,000 jobs included. A URL's own socketTimeout wins.
     */
    private static final int SOCKET_TIMEOUT_S = 60;

    private PostgresJobQueue() {
    }

    /**
     * A pool of at most {@code poolSize} connections to {@code jdbcUrl} (user and password may be
     * null when the URL carries them), owned and closed by the queue; leases are judged by the
     * database's clock.
     *
     * @throws QueueUnavailableException when the database cannot be reached or migrated (its
     *                                   schema is newer than this code, say), naming the URL
     */
    public static JobQueue connect(String jdbcUrl, String user, String password, int poolSize, RetryPolicy retry) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        config.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT_MS / 1000));
        config.addDataSourceProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_S));
        config.setPoolName("c2a-queue");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            // no URL in the message: a JDBC URL may carry the password; the caller names the setting
            throw new QueueUnavailableException("cannot reach the job database: " + reason(e), e);
        }
        try {
            return open(pool, SqlTime.database(), retry, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Leases and due times are judged by the database's clock. */
    public static JobQueue open(DataSource pool, RetryPolicy retry) {
        return open(pool, SqlTime.database(), retry, () -> { });
    }

    /** {@code clock} stands in for the database's clock: for tests that move time by hand. */
    public static JobQueue open(DataSource pool, InstantSource clock, RetryPolicy retry) {
        return open(pool, SqlTime.of(clock), retry, () -> { });
    }

    /** The pool stays the caller's in the two above: closing the queue closes only {@code owned}. */
    private static JobQueue open(DataSource pool, SqlTime time, RetryPolicy retry, AutoCloseable owned) {
        try {
            String instance = UUID.randomUUID().toString();
            PostgresDialect dialect = new PostgresDialect(durability(pool));
            Flyway.configure().dataSource(pool).locations(dialect.migrations()).load().migrate();
            return new SqlJobQueue(new PooledTransactions(pool, owned), dialect, time, retry,
                    new ListenForWork(pool, instance));
        } catch (SQLException | RuntimeException e) {
            throw new QueueUnavailableException("cannot open the job database: " + e.getMessage(), e);
        }
    }

    /**
     * What the driver said, past the pool's wrapper, and what lay under it when that says more
     * ("The connection attempt failed." hides an unknown host name).
     */
    private static String reason(Throwable e) {
        Throwable said = e.getCause() == null ? e : e.getCause();
        Throwable root = said;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == said || root instanceof SQLException ? said.getMessage()
                : said.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    /** "fsync" when a commit waits for its WAL to be flushed, else "process" (the server may lose the last commits). */
    private static String durability(DataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
            return rs.next() && rs.getString(1).equals("off") ? "process" : "fsync";
        }
    }
}
