package dev.c2a.queue.postgres;

import dev.c2a.queue.JobQueue;
import dev.c2a.queue.sql.SqlDialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.PreparedStatement;

/**
 * PostgreSQL: many nodes write at once. A claim locks the row it picks and skips rows other claims
 * hold ({@code FOR UPDATE SKIP LOCKED}); "now" is the database's clock, so no node's clock decides
 * who owns a job ({@code statement_timestamp()}: one instant for the whole statement).
 */
final class PostgresDialect implements SqlDialect {
    private final JobQueue.Backend backend;
    private final String instance;

    /** @param instance names this queue instance in its notices */
    PostgresDialect(String durability, String instance) {
        this.backend = new JobQueue.Backend("postgresql", durability);
        this.instance = instance;
    }

    @Override
    public JobQueue.Backend backend() {
        return backend;
    }

    @Override
    public String claimLockClause() {
        return "FOR UPDATE SKIP LOCKED";
    }

    @Override
    public String now() {
        return "COALESCE(CAST(? AS bigint), CAST(FLOOR(EXTRACT(EPOCH FROM statement_timestamp()) * 1000) AS bigint))";
    }

    /** JSON is stored as text (the queue never looks inside it); jsonb only to append. */
    @Override
    public String appendError() {
        return "CAST(COALESCE(CAST(errors AS jsonb), '[]'::jsonb) || jsonb_build_array(CAST(? AS jsonb)) AS text)";
    }

    /**
     * Delivered when the transaction commits, and not at all when it rolls back; signed with this
     * instance's name, so that its own listener, which heard of the write directly, skips it.
     */
    @Override
    public void announceWork(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            s.setString(1, ListenForWork.CHANNEL);
            s.setString(2, instance);
            s.execute();
        }
    }

    @Override
    public void configure(Connection connection, boolean writer) {
        // nothing per connection: the pool's settings and the server's are enough
    }

    @Override
    public String migrations() {
        return "classpath:db/migration/postgres";
    }
}
