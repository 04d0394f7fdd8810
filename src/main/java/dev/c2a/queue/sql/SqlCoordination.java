package dev.c2a.queue.sql;

import dev.c2a.api.Actor;
import dev.c2a.api.Node;
import dev.c2a.api.ServiceState;
import dev.c2a.codec.DurationText;
import dev.c2a.job.JobState;
import dev.c2a.json.Json;
import dev.c2a.queue.Coordination;
import dev.c2a.queue.Lease;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static dev.c2a.queue.sql.SqlJobQueue.NOW;

/** The SQL queue's {@link Coordination}: the tables of migration V6 (PostgreSQL) and V8 (SQLite). */
final class SqlCoordination implements Coordination {
    private static final String RUNNING = JobState.RUNNING.wireName();
    private static final String UPSERT_NODE = "INSERT INTO nodes (id, incarnation, started_at, beat_at, beat_every,"
            + " left_at, snapshot) VALUES (?, ?, ?, {now}, ?, NULL, ?) ON CONFLICT (id) DO UPDATE SET"
            + " incarnation = excluded.incarnation, started_at = excluded.started_at, beat_at = excluded.beat_at,"
            + " beat_every = excluded.beat_every, left_at = NULL, snapshot = excluded.snapshot";
    /** The node's row before the beat, when another incarnation wrote it (parameters: the id, the incarnation). */
    private static final String PRIOR_ROW = "SELECT id, incarnation, started_at, beat_at, beat_every, left_at, snapshot"
            + " FROM nodes WHERE id = ? AND incarnation <> ?";
    /** The leases named {@code id:token} in a JSON array (the dialect's {@code jsonTexts}), while still running. */
    private static final String EXTEND_LEASES = "UPDATE jobs SET lease_expires_at = {now} + ? WHERE state = ?"
            + " AND (id || ':' || fence) IN (%s)";
    private final Transactions tx;
    private final SqlDialect dialect;
    private final Pruning.Statements prepare;
    private final WorkNotices notices;

    SqlCoordination(Transactions tx, SqlDialect dialect, Pruning.Statements prepare, WorkNotices notices) {
        this.tx = tx;
        this.dialect = dialect;
        this.prepare = prepare;
        this.notices = notices;
    }

    @Override
    public void onChange(Runnable listener) {
        notices.onControl(listener);
    }

    /**
     * The leases are named by job id and token, as the workers hold them: a row of this node that
     * no worker holds any more (a job abandoned while the database was away) is not kept alive, so
     * the leader recovers it when its lease ends.
     */
    @Override
    public Beat beat(Node node, Instant startedAt, Duration every, String snapshot, Duration leaseTime,
                     List<Lease> held) {
        Object[] nodeArgs = {node.id(), node.incarnation(), startedAt.toEpochMilli(), NOW, every.toMillis(), snapshot};
        Object[] leaseArgs = {NOW, leaseTime.toMillis(), RUNNING, Json.write(held.stream().map(l -> l.jobId() + ":"
                + l.token()).toList())};
        String extend = EXTEND_LEASES.formatted(dialect.jsonTexts());
        Object[] priorArgs = {node.id(), node.incarnation()};
        return tx.write(c -> {
            if (dialect.writesInWith()) {
                // one statement: the node's row and its leases, both or neither; the prior row as the
                // statement's snapshot saw it, before the upsert
                try (PreparedStatement ps = prepare.prepare(c, "WITH prior AS (" + PRIOR_ROW + "),"
                        + " node AS (" + UPSERT_NODE + " RETURNING beat_at),"
                        + " held AS (" + extend + " RETURNING id, fence, cancel_requested)"
                        + " SELECT node.beat_at, held.id, held.fence, held.cancel_requested, prior.*"
                        + " FROM node LEFT JOIN held ON true LEFT JOIN prior ON true",
                        concat(priorArgs, concat(nodeArgs, leaseArgs)));
                     ResultSet rs = ps.executeQuery()) {
                    return beatOf(rs, 1, 5);
                }
            }
            Member before = null;
            try (PreparedStatement ps = prepare.prepare(c, PRIOR_ROW, priorArgs); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    before = member(rs, 1);
                }
            }
            try (PreparedStatement ps = prepare.prepare(c, UPSERT_NODE + " RETURNING beat_at", nodeArgs);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                Instant at = SqlTime.at(rs.getLong(1));
                try (PreparedStatement leases = prepare.prepare(c, extend
                        + " RETURNING 0, id, fence, cancel_requested", leaseArgs);
                     ResultSet extended = leases.executeQuery()) {
                    return new Beat(at, beatOf(extended, 0, 0).leases(), before);
                }
            }
        });
    }

    /**
     * Rows of (beat_at, id, fence, cancel_requested, then the prior row's columns); {@code atColumn}
     * 0 when beat_at is not in them, {@code priorColumn} 0 when the prior row is not.
     */
    private static Beat beatOf(ResultSet rs, int atColumn, int priorColumn) throws SQLException {
        Instant at = null;
        Member before = null;
        List<HeldLease> held = new ArrayList<>();
        while (rs.next()) {
            if (atColumn > 0) {
                at = SqlTime.at(rs.getLong(atColumn));
            }
            if (priorColumn > 0 && rs.getString(priorColumn) != null) {
                before = member(rs, priorColumn);
            }
            String id = rs.getString(2);
            if (id != null) {
                held.add(new HeldLease(id, rs.getLong(3), rs.getInt(4) != 0));
            }
        }
        return new Beat(at, List.copyOf(held), before);
    }

    /** A node's row from its seven columns, the first at {@code first}. */
    private static Member member(ResultSet rs, int first) throws SQLException {
        long left = rs.getLong(first + 5);
        Instant leftAt = rs.wasNull() ? null : SqlTime.at(left);
        return new Member(rs.getString(first), rs.getString(first + 1), SqlTime.at(rs.getLong(first + 2)),
                SqlTime.at(rs.getLong(first + 3)), Duration.ofMillis(rs.getLong(first + 4)), leftAt,
                rs.getString(first + 6));
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] all = new Object[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Override
    public Members members() {
        return tx.read(c -> {
            List<Member> nodes = new ArrayList<>();
            Instant now = null;
            try (PreparedStatement ps = prepare.prepare(c, "SELECT {now}", NOW); ResultSet rs = ps.executeQuery()) {
                rs.next();
                now = SqlTime.at(rs.getLong(1));
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id, incarnation, started_at, beat_at, beat_every,"
                    + " left_at, snapshot FROM nodes ORDER BY id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    nodes.add(member(rs, 1));
                }
            }
            return new Members(now, List.copyOf(nodes));
        });
    }

    @Override
    public void leave(Node node) {
        tx.write(c -> {
            update(c, "UPDATE nodes SET left_at = {now} WHERE id = ? AND incarnation = ?", NOW, node.id(),
                    node.incarnation());
            // expired, not deleted: the next holder's term must still be higher
            return update(c, "UPDATE leader SET expires_at = 0 WHERE node_id = ? AND incarnation = ?", node.id(),
                    node.incarnation());
        });
    }

    /**
     * One guarded upsert: the row is written when it is this node's or has expired, else the
     * statement changes nothing and returns no row. A new holder's term is the last one plus one.
     */
    @Override
    public Optional<Long> lead(String name, Node node, Duration ttl) {
        String mine = "leader.node_id = excluded.node_id AND leader.incarnation = excluded.incarnation";
        return tx.write(c -> {
            try (PreparedStatement ps = prepare.prepare(c, "INSERT INTO leader (name, node_id, incarnation, term,"
                    + " since, expires_at) VALUES (?, ?, ?, 1, {now}, {now} + ?) ON CONFLICT (name) DO UPDATE SET"
                    + " term = CASE WHEN " + mine + " THEN leader.term ELSE leader.term + 1 END,"
                    + " since = CASE WHEN " + mine + " THEN leader.since ELSE excluded.since END,"
                    + " node_id = excluded.node_id, incarnation = excluded.incarnation,"
                    + " expires_at = excluded.expires_at"
                    + " WHERE (" + mine + ") OR leader.expires_at < {now} RETURNING term",
                    name, node.id(), node.incarnation(), NOW, NOW, ttl.toMillis(), NOW);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.<Long>empty();
            }
        });
    }

    @Override
    public Optional<Leader> leader(String name) {
        return tx.read(c -> {
            try (PreparedStatement ps = prepare.prepare(c, "SELECT node_id, incarnation, term, since, expires_at"
                    + " FROM leader WHERE name = ? AND expires_at >= {now}", name, NOW);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Leader(rs.getString(1), rs.getString(2), rs.getLong(3),
                        SqlTime.at(rs.getLong(4)), SqlTime.at(rs.getLong(5)))) : Optional.<Leader>empty();
            }
        });
    }

    @Override
    public long change(String scope, Change change, Actor actor) {
        return tx.write(c -> {
            long version;
            try (PreparedStatement ps = prepare.prepare(c, "INSERT INTO audit (at, actor, role, origin, action,"
                    + " scope, detail) VALUES ({now}, ?, ?, ?, ?, ?, ?) RETURNING id", NOW, actor.name(),
                    actor.role().wireName(), actor.origin(), change.action(), scope, detail(change));
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                version = rs.getLong(1);
            }
            if (change.workers() != null) {
                update(c, "INSERT INTO control (scope, workers, workers_version) VALUES (?, ?, ?) ON CONFLICT (scope)"
                        + " DO UPDATE SET workers = excluded.workers, workers_version = excluded.workers_version"
                        + " WHERE control.workers_version < excluded.workers_version",
                        scope, change.workers(), version);
            } else {
                update(c, "INSERT INTO control (scope, state, state_version, drain_ms) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (scope) DO UPDATE SET state = excluded.state,"
                        + " state_version = excluded.state_version, drain_ms = excluded.drain_ms"
                        // why: ids are drawn in insert order, commits may land in another; the newer change stays
                        + " WHERE control.state_version < excluded.state_version", scope,
                        change.state().wireName(), version, change.drain() == null ? null : change.drain().toMillis());
            }
            Optional<String> notify = dialect.controlNotice();
            if (notify.isPresent()) {
                try (PreparedStatement ps = c.prepareStatement(notify.get())) {
                    ps.execute();
                }
            }
            return version;
        });
    }

    private static String detail(Change change) {
        if (change.workers() != null) {
            return Integer.toString(change.workers());
        }
        return change.drain() == null ? null : "drain " + DurationText.exact(change.drain());
    }

    @Override
    public Desired desired(String nodeId) {
        return tx.read(c -> {
            ScopeRow cluster = ScopeRow.NONE;
            ScopeRow node = ScopeRow.NONE;
            try (PreparedStatement ps = c.prepareStatement("SELECT scope, state, state_version, drain_ms, workers,"
                    + " workers_version FROM control WHERE scope IN (?, ?)")) {
                ps.setString(1, CLUSTER);
                ps.setString(2, Coordination.nodeScope(nodeId));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String state = rs.getString(2);
                        long drain = rs.getLong(4);
                        Duration drainTime = rs.wasNull() ? null : Duration.ofMillis(drain);
                        int workers = rs.getInt(5);
                        Integer count = rs.wasNull() ? null : workers;
                        ScopeRow row = new ScopeRow(state == null ? null
                                : ServiceState.valueOf(state.toUpperCase(Locale.ROOT)), rs.getLong(3), drainTime,
                                count, rs.getLong(6));
                        if (rs.getString(1).equals(CLUSTER)) {
                            cluster = row;
                        } else {
                            node = row;
                        }
                    }
                }
            }
            return new Desired(cluster, node);
        });
    }

    @Override
    public List<AuditRow> audit(int limit, Long beforeId) {
        return tx.read(c -> {
            List<AuditRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, at, actor, role, origin, action, scope, detail"
                    + " FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?")) {
                ps.setLong(1, beforeId == null ? Long.MAX_VALUE : beforeId);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new AuditRow(rs.getLong(1), SqlTime.at(rs.getLong(2)), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                    }
                }
            }
            return List.copyOf(rows);
        });
    }

    /** A node lost or left: its beat is older than {@code keep} (a lost node's beat is its last). */
    @Override
    public int forgetNodes(Duration keep) {
        return tx.write(c -> update(c, "DELETE FROM nodes WHERE beat_at < {now} - ?", NOW, keep.toMillis()));
    }

    private int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare.prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }
}
