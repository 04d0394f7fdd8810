package dev.c2a.queue.sql;

import java.time.Instant;
import java.time.InstantSource;

/**
 * Where the queue's "now" comes from. Every statement judges leases and due times by the dialect's
 * {@link SqlDialect#now()} expression, whose one parameter is {@link #argument()}: a given clock's
 * millis (SQLite, where the one node's clock is the database's; a test's settable clock), or null,
 * so that a server database uses its own clock and no node's clock decides who owns a job.
 *
 * @param clock  for job ids, and for "now" when {@code pinned}
 * @param pinned whether {@code clock} stands in for the database's clock
 */
public record SqlTime(InstantSource clock, boolean pinned) {

    /** The database's own clock decides. */
    public static SqlTime database() {
        return new SqlTime(InstantSource.system(), false);
    }

    /** {@code clock} decides, as if it were the database's. */
    public static SqlTime of(InstantSource clock) {
        return new SqlTime(clock, true);
    }

    /** The parameter of {@link SqlDialect#now()}: the pinned clock's millis, or null for the database's. */
    Long argument() {
        return pinned ? clock.millis() : null;
    }

    /** The instant a statement's returned {@code now} (epoch millis) names. */
    static Instant at(long millis) {
        return Instant.ofEpochMilli(millis);
    }
}
