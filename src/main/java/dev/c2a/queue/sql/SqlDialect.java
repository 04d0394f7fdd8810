package dev.c2a.queue.sql;

import dev.c2a.queue.JobQueue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What differs between databases for the one SQL queue. SQLite needs no row locks (a single
 * writer); PostgreSQL will lock the claimed row with {@code FOR UPDATE SKIP LOCKED}.
 */
public interface SqlDialect {

    /** The database and how durable its commits are, for status. */
    JobQueue.Backend backend();

    /** Appended to the sub-selects that pick rows to change: a claim's, a prune's. */
    String claimLockClause();

    /**
     * Whether a claim's count is written into its SQL rather than bound: where the server keeps one
     * plan for a prepared statement's any values (PostgreSQL), so that the plan kept is one for that
     * count. Elsewhere it is bound, and the claim stays two texts in a statement cache of a few (one
     * for one owner, which has no count, one for many).
     */
    default boolean writesClaimCount() {
        return false;
    }

    /**
     * A statement that holds off every other transaction running it (until this one ends), for
     * pruning to the size cap; empty where writes never run side by side (SQLite's one writer).
     */
    default Optional<String> sizeCapLock() {
        return Optional.empty();
    }

    /**
     * The text at zero-based {@code index} (an SQL expression) of a JSON array of strings, as an SQL
     * expression with exactly one parameter: the array. A claim for many workers passes their names so.
     */
    String jsonElement(String index);

    /**
     * The texts of a JSON array of strings as a sub-select of one column, with exactly one parameter:
     * the array. A node's beat passes its workers' leases so.
     */
    String jsonTexts();

    /**
     * "Now" in epoch milliseconds, as an SQL expression with exactly one parameter: the pinned
     * clock's millis, or null for the database's own clock ({@link SqlTime}).
     */
    String now();

    /**
     * The {@code errors} column (a JSON array, or null for none) with one more error appended, as an
     * SQL expression with exactly one parameter: the error as JSON. why in SQL: a read, an append in
     * Java and a write back would lose an error written in between by another node.
     */
    String appendError();

    /**
     * A query of {@code (state, count)} rows that, summed per state, count the jobs without reading
     * the jobs table: kept by triggers in the transaction of every write.
     */
    String countsQuery();

    /**
     * A write that folds the rows {@link #countsQuery()} reads into fewer, keeping their sums; run
     * once a read finds many. Empty where they are one per state already.
     */
    default Optional<String> foldCounts() {
        return Optional.empty();
    }

    /**
     * Whether a {@code WITH} clause may hold writes (PostgreSQL): a node's beat is then one statement
     * for its row and its leases; elsewhere two in one transaction.
     */
    default boolean writesInWith() {
        return false;
    }

    /**
     * A statement that, run in a transaction that changed desired state, tells the other nodes when
     * it commits; empty where no other node can listen.
     */
    default Optional<String> controlNotice() {
        return Optional.empty();
    }

    /** How the search finds jobs by the words of their texts ({@link dev.c2a.queue.JobSearch}). */
    TextSearch textSearch();

    /** Session settings for every connection the queue opens. */
    void configure(Connection connection, boolean writer) throws SQLException;

    /** Flyway location of this database's migrations. */
    String migrations();
}
