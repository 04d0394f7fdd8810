package dev.c2a.queue.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between databases for the one SQL queue. SQLite needs no row locks (a single
 * writer); PostgreSQL will lock the claimed row with {@code FOR UPDATE SKIP LOCKED}.
 */
public interface SqlDialect {

    /** Appended to the claim's sub-select. */
    String claimLockClause();

    /** Session settings for every connection the queue opens. */
    void configure(Connection connection, boolean writer) throws SQLException;

    /** Flyway location of this database's migrations. */
    String migrations();
}
