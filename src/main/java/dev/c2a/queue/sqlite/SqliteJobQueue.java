package dev.c2a.queue.sqlite;

import dev.c2a.queue.Durability;
import dev.c2a.queue.JobQueue;
import dev.c2a.job.QueueUnavailableException;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.queue.sql.SqlJobQueue;
import dev.c2a.queue.sql.SqlTime;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** Opens (and migrates) the embedded queue: one SQLite file, no server. */
public final class SqliteJobQueue {
    private static final int READERS = 4;

    private SqliteJobQueue() {
    }

    public static JobQueue open(Path file, Durability durability, InstantSource clock, RetryPolicy retry) {
        SqliteDialect dialect = new SqliteDialect(durability);
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            try (Connection first = source.getConnection()) {
                // WAL mode is set before migrating, as before
                dialect.configure(first, true);
            }
            Flyway.configure().dataSource(source).locations(dialect.migrations()).load().migrate();
            List<Connection> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                Connection reader = source.getConnection();
                dialect.configure(reader, false);
                readers.add(reader);
            }
            SqliteTransactions tx = new SqliteTransactions(() -> {
                Connection writer = source.getConnection();
                dialect.configure(writer, true);
                return writer;
            }, readers);
            return new SqlJobQueue(tx, dialect, SqlTime.of(clock), retry);
        } catch (SQLException | RuntimeException e) {
            throw new QueueUnavailableException("cannot open the job database " + file + ": " + e.getMessage(), e);
        }
    }
}
