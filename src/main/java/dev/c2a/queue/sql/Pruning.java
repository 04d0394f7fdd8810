package dev.c2a.queue.sql;

import dev.c2a.job.JobState;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.JobQueue.Pruned;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

import static dev.c2a.queue.sql.SqlJobQueue.NOW;

/**
 * The SQL queue's retention statements: finished jobs removed by age or by the store's cap, each
 * with a tombstone in {@code pruned_jobs} in the same transaction, and old tombstones. Each runs
 * on the connection of a transaction {@link SqlJobQueue} opened. Every removal is a DELETE guarded
 * by what made the job due (finished, and its time up), checked on the very row it removes.
 */
final class Pruning {
    /** The finished states, as an SQL condition on {@code state} and its arguments. */
    private static final String FINISHED = "state IN (?, ?, ?)";
    private static final List<Object> FINISHED_ARGS = List.of(JobState.SUCCEEDED.wireName(),
            JobState.FAILED.wireName(), JobState.CANCELLED.wireName());

    /** The queue's way to prepare a statement: {@code {now}} in SQL, {@link SqlJobQueue#NOW} in the arguments. */
    @FunctionalInterface
    interface Statements {
        PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException;
    }

    private final SqlDialect dialect;
    private final Statements prepare;

    Pruning(SqlDialect dialect, Statements prepare) {
        this.dialect = dialect;
        this.prepare = prepare;
    }

    /**
     * {@link JobQueue#pruneExpired}: two statements, each with its index: jobs without a ttl, by when
     * they finished; jobs with one, by when it runs out. Together at most {@code limit}.
     */
    List<Pruned> expired(Connection c, Duration retention, int limit) throws SQLException {
        List<Pruned> pruned = new ArrayList<>();
        if (retention != null) {
            String reason = Pruned.byRetention(retention);
            pruned.addAll(prune(c, "ttl_ms IS NULL AND finished_at <= {now} - ?", new Object[] {NOW,
                    retention.toMillis()}, "finished_at", limit, ttl -> reason));
        }
        if (pruned.size() < limit) {
            pruned.addAll(prune(c, "ttl_ms IS NOT NULL AND finished_at + ttl_ms <= {now}", new Object[] {NOW},
                    "finished_at + ttl_ms", limit - pruned.size(), ttl -> Pruned.byTtl(Duration.ofMillis(ttl))));
        }
        return pruned;
    }

    /**
     * Removes the finished jobs that {@code due} (an SQL condition with its arguments) picks, at
     * most {@code limit}, the first by {@code order}, each with a tombstone. The pick (skipping rows
     * another transaction holds, where the dialect locks rows) is made once, as a materialized CTE;
     * why: as {@code seq IN (sub-select)}, PostgreSQL may run the sub-select again for each row, and
     * each run skips the rows the DELETE has locked by then, so LIMIT 2 removed 5 jobs. The DELETE
     * checks {@code due} and the state again on each row it removes, so a job retried or changed
     * since the pick stays. Only the rows this statement removed come back: of two nodes at once,
     * each prunes a job once.
     *
     * @param reason the tombstone's reason, given the job's ttl in milliseconds (0 when it has none)
     */
    private List<Pruned> prune(Connection c, String due, Object[] dueArgs, String order, int limit,
                               LongFunction<String> reason) throws SQLException {
        List<Object> args = new ArrayList<>(Arrays.asList(dueArgs));
        args.addAll(FINISHED_ARGS);
        args.add(limit);
        args.addAll(Arrays.asList(dueArgs));
        args.addAll(FINISHED_ARGS);
        args.add(NOW);
        String sql = "WITH picked AS MATERIALIZED (SELECT seq FROM jobs WHERE " + due + " AND " + FINISHED
                + " ORDER BY " + order + ", seq LIMIT ? " + dialect.claimLockClause() + ")"
                + " DELETE FROM jobs WHERE seq IN (SELECT seq FROM picked) AND " + due + " AND " + FINISHED
                + " RETURNING id, ttl_ms, {now} AS pruned_at";
        List<Pruned> pruned = new ArrayList<>();
        try (PreparedStatement ps = prepare.prepare(c, sql, args.toArray()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                pruned.add(new Pruned(rs.getString("id"), SqlTime.at(rs.getLong("pruned_at")),
                        reason.apply(rs.getLong("ttl_ms"))));
            }
        }
        return bury(c, pruned);
    }

    /**
     * {@link JobQueue#pruneToSize}, once a read found the store over the cap: sums again here, where
     * no other node's pruning to the cap runs at once ({@link SqlDialect#sizeCapLock}), and removes
     * the jobs that finished first until the excess is covered. why the lock: the excess is judged
     * from a sum, and two nodes judging at once would each remove all of it.
     */
    List<Pruned> toSize(Connection c, long maxBytes, int limit) throws SQLException {
        if (dialect.sizeCapLock().isPresent()) {
            try (PreparedStatement lock = c.prepareStatement(dialect.sizeCapLock().get())) {
                lock.execute();
            }
        }
        long excess = storedBytes(c) - maxBytes;
        if (excess <= 0) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(FINISHED_ARGS);
        args.add(limit);
        args.add(excess);
        args.addAll(FINISHED_ARGS);
        args.add(NOW);
        String sql = "WITH picked AS MATERIALIZED (SELECT seq FROM (SELECT seq, SUM(stored_bytes) OVER"
                + " (ORDER BY finished_at, seq) - stored_bytes AS bytes_before FROM (SELECT seq, finished_at,"
                + " stored_bytes FROM jobs WHERE stored_bytes > 0 AND finished_at IS NOT NULL AND " + FINISHED
                + " ORDER BY finished_at, seq LIMIT ?) oldest) summed WHERE bytes_before < ?)"
                + " DELETE FROM jobs WHERE seq IN (SELECT seq FROM picked) AND stored_bytes > 0 AND " + FINISHED
                + " RETURNING id, {now} AS pruned_at";
        List<Pruned> pruned = new ArrayList<>();
        try (PreparedStatement ps = prepare.prepare(c, sql, args.toArray()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                pruned.add(new Pruned(rs.getString("id"), SqlTime.at(rs.getLong("pruned_at")),
                        Pruned.STORE_MAX_BYTES));
            }
        }
        return bury(c, pruned);
    }

    /** What the finished jobs' results store, in bytes. */
    static long storedBytes(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(stored_bytes), 0) FROM jobs"
                + " WHERE stored_bytes > 0 AND " + FINISHED)) {
            for (int i = 0; i < FINISHED_ARGS.size(); i++) {
                ps.setObject(i + 1, FINISHED_ARGS.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The tombstones of {@code pruned}, in the transaction that removed them. */
    private static List<Pruned> bury(Connection c, List<Pruned> pruned) throws SQLException {
        if (pruned.isEmpty()) {
            return pruned;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO pruned_jobs (id, pruned_at, reason)"
                + " VALUES (?, ?, ?)")) {
            for (Pruned p : pruned) {
                ps.setString(1, p.jobId());
                ps.setLong(2, p.at().toEpochMilli());
                ps.setString(3, p.reason());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return pruned;
    }

    /** {@link JobQueue#pruned}. */
    static Optional<Pruned> tombstone(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pruned_at, reason FROM pruned_jobs WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Pruned(id, SqlTime.at(rs.getLong(1)), rs.getString(2)))
                        : Optional.empty();
            }
        }
    }

    /** {@link JobQueue#pruneTombstones}. */
    int tombstones(Connection c, Duration keep, int limit) throws SQLException {
        try (PreparedStatement ps = prepare.prepare(c, "DELETE FROM pruned_jobs WHERE id IN (SELECT id FROM"
                + " pruned_jobs WHERE pruned_at <= {now} - ? ORDER BY pruned_at LIMIT ?)", NOW, keep.toMillis(),
                limit)) {
            return ps.executeUpdate();
        }
    }
}
