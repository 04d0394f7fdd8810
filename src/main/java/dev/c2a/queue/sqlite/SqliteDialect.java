package dev.c2a.queue.sqlite;

import dev.c2a.queue.Durability;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.sql.SqlDialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQLite in WAL mode. One writer connection serialises all writes, so claims need no row lock.
 * {@code synchronous=NORMAL} in WAL mode loses nothing when the process dies (the WAL is in the OS
 * cache); {@code FULL} also syncs the WAL on every commit, for power loss.
 */
final class SqliteDialect implements SqlDialect {
    private final Durability durability;

    SqliteDialect(Durability durability) {
        this.durability = durability;
    }

    @Override
    public JobQueue.Backend backend() {
        return new JobQueue.Backend("sqlite", durability.wireName());
    }

    @Override
    public String claimLockClause() {
        return "";
    }

    /** The node's clock is the database's: SQLite has one process writing. */
    @Override
    public String now() {
        return "?";
    }

    @Override
    public String appendError() {
        return "json_insert(COALESCE(errors, '[]'), '$[#]', json(?))";
    }

    @Override
    public void configure(Connection connection, boolean writer) throws SQLException {
        try (Statement s = connection.createStatement()) {
            // why: status reads must give up soon and say the queue does not answer; writes may wait longer
            s.execute("PRAGMA busy_timeout = " + (writer ? 10_000 : 2_000));
            s.execute("PRAGMA foreign_keys = ON");
            if (writer) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = " + (durability == Durability.FSYNC ? "FULL" : "NORMAL"));
            }
        }
    }

    @Override
    public String migrations() {
        return "classpath:db/migration/sqlite";
    }
}
