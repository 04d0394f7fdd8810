package dev.c2a.queue.sql;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.c2a.job.JobError;
import dev.c2a.job.JobIds;
import dev.c2a.job.JobResult;
import dev.c2a.job.JobState;
import dev.c2a.job.Reply;
import dev.c2a.job.Transition;
import dev.c2a.json.Json;
import dev.c2a.queue.Outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static dev.c2a.queue.sql.SqlJobQueue.NOW;

/**
 * The SQL queue's {@link Outbox}: events written by {@link #record} on the connection of the move's
 * own transaction, and the relay's and senders' statements, each guarded by the state it expects
 * (and, on PostgreSQL, skipping rows another node holds locked).
 */
final class SqlOutbox implements Outbox {
    private static final String EVENT_COLUMNS = "seq, event_id, job_id, type, at, detail, reply";
    private static final String DELIVERY_COLUMNS = "id, event_seq, job_id, sink, target, state, attempts, next_at,"
            + " last_error, updated_at";
    private final Transactions tx;
    private final SqlDialect dialect;
    private final Pruning.Statements prepare;
    private final InstantSource clock;

    /** What an event says beyond its job and state. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Detail(String error, String format, Double durationSeconds) {
        static final Detail NONE = new Detail(null, null, null);

        static Detail of(JobResult r) {
            return new Detail(null, r.format(), r.durationSeconds());
        }

        static Detail of(JobError e) {
            return new Detail(e.message(), null, null);
        }
    }

    /** @param clock for event ids, as the queue's for job ids */
    SqlOutbox(Transactions tx, SqlDialect dialect, Pruning.Statements prepare, InstantSource clock) {
        this.clock = clock;
        this.tx = tx;
        this.dialect = dialect;
        this.prepare = prepare;
    }

    /**
     * Writes the event of {@code moved}, on the move's connection, when the move finished the job;
     * the job's reply is copied from its row. Returns {@code moved}.
     */
    Optional<Transition> record(Connection c, Optional<Transition> moved, Detail detail) throws SQLException {
        if (moved.isEmpty() || !moved.get().to().isFinal()) {
            return moved;
        }
        Transition t = moved.get();
        try (PreparedStatement ps = prepare.prepare(c, "INSERT INTO outbox (event_id, job_id, type, at, detail, reply)"
                + " SELECT ?, id, ?, ?, ?, reply FROM jobs WHERE id = ?", "ev_" + JobIds.next(clock),
                t.to().wireName(), t.at().toEpochMilli(), detail == Detail.NONE ? null : Json.write(detail),
                t.jobId())) {
            ps.executeUpdate();
        }
        return moved;
    }

    @Override
    public List<Event> after(long seq, int limit) {
        return tx.read(c -> events(c, "SELECT " + EVENT_COLUMNS + " FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
                seq, limit));
    }

    @Override
    public long lastSeq() {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM outbox"); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /**
     * The events are taken with the dialect's lock clause (PostgreSQL: {@code FOR UPDATE SKIP LOCKED}),
     * so no other transaction takes them meanwhile, and marked in one statement guarded by
     * {@code dispatched = 0}; should it mark fewer than it read (a dialect without locks and two
     * writers), each is marked by a statement of its own and only those it marked get deliveries.
     */
    @Override
    public int dispatch(int limit, Function<Event, List<Target>> route) {
        return tx.write(c -> {
            List<Event> events = events(c, "SELECT " + EVENT_COLUMNS + " FROM outbox WHERE dispatched = 0 ORDER BY seq"
                    + " LIMIT ? " + dialect.claimLockClause(), limit);
            if (events.isEmpty()) {
                return 0;
            }
            List<Event> taken = events;
            String in = "?" + ",?".repeat(events.size() - 1);
            Object[] seqs = events.stream().map(Event::seq).toArray();
            if (update(c, "UPDATE outbox SET dispatched = 1 WHERE dispatched = 0 AND seq IN (" + in + ")", seqs)
                    != events.size()) {
                taken = new ArrayList<>();
                for (Event e : events) {
                    if (update(c, "UPDATE outbox SET dispatched = 1 WHERE seq = ? AND dispatched = 0", e.seq()) == 1) {
                        taken.add(e);
                    }
                }
            }
            for (Event e : taken) {
                for (Target t : route.apply(e)) {
                    update(c, "INSERT INTO deliveries (event_seq, job_id, sink, target, state, next_at, updated_at)"
                            + " VALUES (?,?,?,?,?,{now},{now})", e.seq(), e.jobId(), t.sink(), t.url(),
                            Delivery.PENDING, NOW, NOW);
                }
            }
            return taken.size();
        });
    }

    @Override
    public List<Delivery> take(String sink, int limit, Duration hold) {
        return tx.write(c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = prepare.prepare(c, "UPDATE deliveries SET attempts = attempts + 1,"
                    + " next_at = {now} + ?, updated_at = {now} WHERE id IN (SELECT id FROM deliveries WHERE sink = ?"
                    + " AND state = ? AND next_at <= {now} ORDER BY id LIMIT ? " + dialect.claimLockClause() + ")"
                    + " AND state = ? AND next_at <= {now} RETURNING " + DELIVERY_COLUMNS, NOW, hold.toMillis(), NOW,
                    sink, Delivery.PENDING, NOW, limit, Delivery.PENDING, NOW);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(Row.read(rs));
                }
            }
            rows.sort(Comparator.comparingLong(Row::id));
            return withEvents(c, rows);
        });
    }

    @Override
    public void delivered(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<Object> args = new ArrayList<>(ids.size() + 3);
        args.add(Delivery.DELIVERED);
        args.add(NOW);
        args.add(Delivery.PENDING);
        args.addAll(ids);
        tx.write(c -> update(c, "UPDATE deliveries SET state = ?, last_error = NULL, updated_at = {now} WHERE state = ?"
                + " AND id IN (?" + ",?".repeat(ids.size() - 1) + ")", args.toArray()));
    }

    @Override
    public void attemptFailed(long id, String error, Duration retryIn) {
        tx.write(c -> update(c, "UPDATE deliveries SET state = ?, next_at = {now} + ?, last_error = ?,"
                + " updated_at = {now} WHERE id = ? AND state = ?", retryIn == null ? Delivery.FAILED : Delivery.PENDING,
                NOW, retryIn == null ? 0 : retryIn.toMillis(), error, NOW, id, Delivery.PENDING));
    }

    @Override
    public List<Delivery> deliveriesOf(String jobId) {
        return tx.read(c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = prepare.prepare(c, "SELECT " + DELIVERY_COLUMNS + " FROM deliveries"
                    + " WHERE job_id = ? ORDER BY id", jobId); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(Row.read(rs));
                }
            }
            return withEvents(c, rows);
        });
    }

    @Override
    public Map<String, Long> backlog() {
        return tx.read(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement ps = prepare.prepare(c, "SELECT COUNT(*) FROM outbox WHERE dispatched = 0");
                 ResultSet rs = ps.executeQuery()) {
                out.put("", rs.next() ? rs.getLong(1) : 0L);
            }
            try (PreparedStatement ps = prepare.prepare(c, "SELECT sink, COUNT(*) FROM deliveries WHERE state = ?"
                    + " GROUP BY sink ORDER BY sink", Delivery.PENDING); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    @Override
    public int prune(Duration keep, Duration inboxKeep, int limit) {
        return tx.write(c -> update(c, "DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries WHERE state <> ?"
                + " AND updated_at <= {now} - ? ORDER BY updated_at LIMIT ?)", Delivery.PENDING, NOW, keep.toMillis(), limit)
                + update(c, "DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox WHERE dispatched = 1"
                + " AND at <= {now} - ? AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_seq = outbox.seq"
                + " AND d.state = ?) ORDER BY at LIMIT ?)", NOW, keep.toMillis(), Delivery.PENDING, limit)
                + update(c, "DELETE FROM inbox WHERE (source, message_id) IN (SELECT source, message_id FROM inbox"
                + " WHERE received_at <= {now} - ? ORDER BY received_at LIMIT ?)", NOW, inboxKeep.toMillis(), limit));
    }

    /** A delivery's row, before its event is read. */
    private record Row(long id, long eventSeq, String sink, String target, String state, int attempts, long nextAt,
                       String lastError, long updatedAt) {
        static Row read(ResultSet rs) throws SQLException {
            return new Row(rs.getLong("id"), rs.getLong("event_seq"), rs.getString("sink"), rs.getString("target"),
                    rs.getString("state"), rs.getInt("attempts"), rs.getLong("next_at"), rs.getString("last_error"),
                    rs.getLong("updated_at"));
        }
    }

    /** The rows with their events, read in one statement; a row whose event was pruned meanwhile is left out. */
    private List<Delivery> withEvents(Connection c, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, Event> events = new HashMap<>();
        Object[] seqs = rows.stream().map(Row::eventSeq).distinct().toArray();
        String in = "?" + ",?".repeat(seqs.length - 1);
        for (Event e : events(c, "SELECT " + EVENT_COLUMNS + " FROM outbox WHERE seq IN (" + in + ")", seqs)) {
            events.put(e.seq(), e);
        }
        List<Delivery> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Event e = events.get(r.eventSeq());
            if (e != null) {
                out.add(new Delivery(r.id(), e, r.sink(), r.target(), r.state(), r.attempts(),
                        Instant.ofEpochMilli(r.nextAt()), r.lastError(), Instant.ofEpochMilli(r.updatedAt())));
            }
        }
        return out;
    }

    private List<Event> events(Connection c, String sql, Object... args) throws SQLException {
        List<Event> out = new ArrayList<>();
        try (PreparedStatement ps = prepare.prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String detailJson = rs.getString("detail");
                Detail d = detailJson == null ? Detail.NONE : Json.read(detailJson, Detail.class);
                String reply = rs.getString("reply");
                out.add(new Event(rs.getLong("seq"), rs.getString("event_id"), rs.getString("job_id"),
                        JobState.fromWire(rs.getString("type")), Instant.ofEpochMilli(rs.getLong("at")), d.error(),
                        d.format(), d.durationSeconds(), reply == null ? null : Json.read(reply, Reply.class)));
            }
        }
        return out;
    }

    private int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare.prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }
}
