package dev.c2a.queue.sql;

import dev.c2a.job.Job;
import dev.c2a.job.JobError;
import dev.c2a.job.JobIds;
import dev.c2a.job.JobResult;
import dev.c2a.job.JobSpec;
import dev.c2a.job.JobState;
import dev.c2a.job.Move;
import dev.c2a.job.Progress;
import dev.c2a.job.Transition;
import dev.c2a.json.Json;
import dev.c2a.job.IdempotencyConflictException;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.JobSearch;
import dev.c2a.queue.Lease;
import dev.c2a.queue.LeaseExpiry;
import dev.c2a.queue.Refusals;
import dev.c2a.queue.RetryPolicy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.c2a.job.JobState.QUEUED;
import static dev.c2a.job.JobState.RUNNING;

/**
 * The one SQL implementation of {@link JobQueue}; a {@link SqlDialect} carries what differs between
 * databases. Writes go through a {@link GroupCommitWriter}, reads through {@link ReadConnections}.
 * Every state change goes through {@link #move}, which checks the state table ({@link Move}),
 * guards the UPDATE with the state it moves from, and returns the transition it made.
 */
public final class SqlJobQueue implements JobQueue {
    private final GroupCommitWriter writer;
    private final ReadConnections readers;
    private final SqlDialect dialect;
    private final InstantSource clock;
    private final RetryPolicy retry;

    /** Opens a new writer connection, configured for writing (the writer reopens after a failed commit). */
    public interface WriterConnections {
        Connection open() throws SQLException;
    }

    public SqlJobQueue(WriterConnections writerConnections, List<Connection> readConnections, SqlDialect dialect,
                       InstantSource clock, RetryPolicy retry) throws SQLException {
        this.writer = new GroupCommitWriter(() -> StatementCache.wrap(writerConnections.open()));
        this.readers = new ReadConnections(readConnections.stream().map(StatementCache::wrap).toList());
        this.dialect = dialect;
        this.clock = clock;
        this.retry = retry;
    }

    @Override
    public Enqueued enqueue(JobSpec spec) {
        return writer.write(c -> insert(c, spec));
    }

    @Override
    public Admitted enqueueAndClaim(JobSpec spec, String owner, Duration leaseTime) {
        return writer.write(c -> {
            Enqueued e = insert(c, spec);
            return new Admitted(e, e.created() ? claimIn(c, owner, leaseTime) : Optional.empty());
        });
    }

    @Override
    public List<Enqueued> enqueueAll(List<JobSpec> specs) {
        return writer.write(c -> {
            List<Enqueued> out = new ArrayList<>(specs.size());
            for (JobSpec spec : specs) {
                out.add(insert(c, spec));
            }
            return out;
        });
    }

    private Enqueued insert(Connection c, JobSpec spec) throws SQLException {
        Refusals.requireContent(spec);
        long now = clock.millis();
        String id = JobIds.next(clock);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (id, idempotency_key, text, text_length,"
                + " voice, format, speed, ssml, state, max_attempts, queued_at, run_at, content_type, body, options,"
                + " request_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (idempotency_key) DO NOTHING")) {
            ps.setString(1, id);
            ps.setString(2, spec.idempotencyKey());
            ps.setString(3, spec.text() == null ? "" : spec.text());
            ps.setInt(4, spec.contentLength());
            ps.setString(5, spec.voice());
            ps.setString(6, spec.format());
            ps.setDouble(7, spec.speed());
            ps.setInt(8, spec.ssml() ? 1 : 0);
            ps.setString(9, QUEUED.wireName());
            ps.setInt(10, retry.maxAttempts());
            ps.setLong(11, now);
            ps.setLong(12, now);
            ps.setString(13, spec.contentType().mediaType());
            ps.setBytes(14, spec.body());
            ps.setString(15, spec.options().isDefault() ? null : Json.write(spec.options()));
            String fingerprint = spec.idempotencyKey() == null ? null : spec.fingerprint();
            ps.setString(16, fingerprint);
            if (ps.executeUpdate() == 1) {
                return new Enqueued(findIn(c, "id", id, JobRows.Shape.SUMMARY).orElseThrow(), true);
            }
            Job existing = findIn(c, "idempotency_key", spec.idempotencyKey(), JobRows.Shape.SUMMARY).orElseThrow();
            try (PreparedStatement hash = c.prepareStatement("SELECT request_hash FROM jobs WHERE id = ?")) {
                hash.setString(1, existing.id());
                try (ResultSet rs = hash.executeQuery()) {
                    String stored = rs.next() ? rs.getString(1) : null;
                    if (stored != null && !stored.equals(fingerprint)) {
                        throw new IdempotencyConflictException(spec.idempotencyKey(), existing.id());
                    }
                }
            }
            return new Enqueued(existing, false);
        }
    }

    @Override
    public Optional<Lease> claim(String owner, Duration leaseTime) {
        return writer.write(c -> claimIn(c, owner, leaseTime));
    }

    private Optional<Lease> claimIn(Connection c, String owner, Duration leaseTime) throws SQLException {
        long now = clock.millis();
        long expires = now + leaseTime.toMillis();
        String sql = "UPDATE jobs SET state = ?, fence = fence + 1, attempts = attempts + 1, lease_owner = ?,"
                + " lease_expires_at = ?, started_at = ?, progress_done = 0, progress_total = 0"
                + " WHERE seq = (SELECT seq FROM jobs WHERE state = ? AND run_at <= ?"
                + " ORDER BY run_at, seq LIMIT 1 " + dialect.claimLockClause() + ") RETURNING "
                + JobRows.Shape.FULL.columns;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, RUNNING.wireName());
            ps.setString(2, owner);
            ps.setLong(3, expires);
            ps.setLong(4, now);
            ps.setString(5, QUEUED.wireName());
            ps.setLong(6, now);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Lease(JobRows.map(rs, JobRows.Shape.FULL), rs.getLong("fence"), owner,
                        Instant.ofEpochMilli(expires)));
            }
        }
    }

    @Override
    public Heartbeat heartbeat(Lease lease, Duration leaseTime) {
        return writer.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET lease_expires_at = ?"
                    + " WHERE id = ? AND fence = ? AND state = ? RETURNING cancel_requested")) {
                ps.setLong(1, clock.millis() + leaseTime.toMillis());
                ps.setString(2, lease.jobId());
                ps.setLong(3, lease.token());
                ps.setString(4, RUNNING.wireName());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Heartbeat(true, rs.getInt(1) != 0) : Heartbeat.LOST;
                }
            }
        });
    }

    @Override
    public boolean progress(Lease lease, Progress progress) {
        return writer.write(c -> fenced(c, lease, "progress_done = ?, progress_total = ?,"
                + " progress_chapter = ?, progress_chapters = ?", progress.done(), progress.total(), progress.chapter(),
                progress.chapters()));
    }

    @Override
    public Optional<Transition> complete(Lease lease, JobResult result) {
        return writer.write(c -> completeIn(c, lease, result));
    }

    @Override
    public Handover completeAndClaim(Lease lease, JobResult result, Duration leaseTime) {
        return writer.write(c -> new Handover(completeIn(c, lease, result), claimIn(c, lease.owner(), leaseTime)));
    }

    private Optional<Transition> completeIn(Connection c, Lease lease, JobResult result) throws SQLException {
        return move(c, lease, Move.SUCCEED, "result = ?, finished_at = ?, progress_done = ?,"
                + " progress_total = ?, progress_chapter = ?, progress_chapters = ?, lease_owner = NULL,"
                + " lease_expires_at = NULL", Json.write(result), clock.millis(), result.segments(),
                result.segments(), result.chapters().size(), result.chapters().size());
    }

    @Override
    public Optional<Transition> fail(Lease lease, JobError error, boolean retryable) {
        return writer.write(c -> {
            Optional<Job> current = findIn(c, "id", lease.jobId(), JobRows.Shape.SUMMARY);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Job job = current.get();
            List<JobError> errors = new ArrayList<>(job.errors());
            errors.add(error);
            boolean again = retryable && job.attempts() < job.maxAttempts();
            long now = clock.millis();
            return again
                    ? move(c, lease, Move.RETRY_LATER, "errors = ?, run_at = ?, lease_owner = NULL, lease_expires_at = NULL",
                            Json.write(errors), now + retry.delayBefore(job.attempts()).toMillis())
                    : move(c, lease, Move.FAIL, "errors = ?, finished_at = ?, lease_owner = NULL,"
                            + " lease_expires_at = NULL", Json.write(errors), now);
        });
    }

    @Override
    public Optional<Transition> release(Lease lease) {
        return postpone(lease, Duration.ZERO);
    }

    @Override
    public Optional<Transition> postpone(Lease lease, Duration delay) {
        return writer.write(c -> move(c, lease, Move.RELEASE, "attempts = attempts - 1, run_at = ?,"
                + " lease_owner = NULL, lease_expires_at = NULL", clock.millis() + delay.toMillis()));
    }

    @Override
    public Optional<Transition> acknowledgeCancel(Lease lease) {
        return writer.write(c -> move(c, lease, Move.CANCEL, "finished_at = ?, lease_owner = NULL,"
                + " lease_expires_at = NULL", clock.millis()));
    }

    @Override
    public Optional<Changed> cancel(String id) {
        return writer.write(c -> {
            Optional<Job> found = findIn(c, "id", id, JobRows.Shape.SUMMARY);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            JobState from = found.get().state();
            Move.CANCEL.check(id, from);
            Optional<Transition> moved = Optional.empty();
            if (from == QUEUED) {
                moved = move(c, id, null, QUEUED, Move.CANCEL, "finished_at = ?", clock.millis());
            } else {
                update(c, "UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND state = ?", id, RUNNING.wireName());
            }
            return Optional.of(new Changed(findIn(c, "id", id, JobRows.Shape.SUMMARY).orElseThrow(), moved));
        });
    }

    @Override
    public Optional<Changed> retry(String id) {
        return writer.write(c -> {
            Optional<Job> found = findIn(c, "id", id, JobRows.Shape.SUMMARY);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            JobState from = found.get().state();
            Move.RETRY.check(id, from);
            Optional<Transition> moved = move(c, id, null, from, Move.RETRY, "attempts = 0, run_at = ?,"
                    + " finished_at = NULL, result = NULL, cancel_requested = 0, lease_deaths = 0", clock.millis());
            return Optional.of(new Changed(findIn(c, "id", id, JobRows.Shape.SUMMARY).orElseThrow(), moved));
        });
    }

    @Override
    public Optional<Job> delete(String id) {
        return writer.write(c -> {
            Optional<Job> found = findIn(c, "id", id, JobRows.Shape.SUMMARY);
            if (found.isEmpty()) {
                return found;
            }
            // why the state guard: a claim committing between the read and the delete keeps its job
            if (found.get().state() == RUNNING || update(c, "DELETE FROM jobs WHERE id = ? AND state <> ?", id,
                    RUNNING.wireName()) == 0) {
                throw Refusals.deleteOfRunning(id);
            }
            return found;
        });
    }

    @Override
    public List<Expired> recoverExpiredLeases() {
        return writer.write(c -> {
            long now = clock.millis();
            List<Lease> expired = new ArrayList<>();
            List<Integer> deaths = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + JobRows.SUMMARY_COLUMNS + ", lease_deaths,"
                    + " lease_owner, lease_expires_at FROM jobs WHERE state = ? AND lease_expires_at < ?")) {
                ps.setString(1, RUNNING.wireName());
                ps.setLong(2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        expired.add(new Lease(JobRows.map(rs, JobRows.Shape.SUMMARY), rs.getLong("fence"),
                                rs.getString("lease_owner"), Instant.ofEpochMilli(rs.getLong("lease_expires_at"))));
                        deaths.add(rs.getInt("lease_deaths") + 1);
                    }
                }
            }
            List<Expired> recovered = new ArrayList<>(expired.size());
            for (int i = 0; i < expired.size(); i++) {
                Lease lease = expired.get(i);
                recover(c, lease.job(), deaths.get(i), now)
                        .ifPresent(t -> recovered.add(new Expired(lease, t)));
            }
            return recovered;
        });
    }

    private Optional<Transition> recover(Connection c, Job job, int deaths, long now) throws SQLException {
        LeaseExpiry expiry = LeaseExpiry.of(deaths, job.attempts(), retry, Instant.ofEpochMilli(now));
        List<JobError> errors = new ArrayList<>(job.errors());
        errors.add(expiry.error());
        if (expiry.move() == Move.QUARANTINE) {
            return move(c, job.id(), null, RUNNING, Move.QUARANTINE, "lease_deaths = ?, errors = ?, finished_at = ?,"
                    + " lease_owner = NULL, lease_expires_at = NULL", deaths, Json.write(errors), now);
        }
        return move(c, job.id(), null, RUNNING, Move.EXPIRE, "lease_deaths = ?, errors = ?, attempts = attempts - 1,"
                + " run_at = ?, lease_owner = NULL, lease_expires_at = NULL", deaths, Json.write(errors), now);
    }

    @Override
    public Optional<Job> find(String id) {
        return readers.read(c -> findIn(c, "id", id, JobRows.Shape.PREVIEW));
    }

    @Override
    public Page list(JobState state, int limit, String cursor, String search) {
        return readers.read(c -> {
            StringBuilder sql = new StringBuilder("SELECT " + JobRows.SUMMARY_COLUMNS + " FROM jobs WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
            if (state != null) {
                sql.append(" AND state = ?");
                args.add(state.wireName());
            }
            if (cursor != null) {
                sql.append(" AND seq < ?");
                args.add(Page.seqBefore(cursor));
            }
            Optional<JobSearch> found = JobSearch.of(search);
            if (found.isPresent()) {
                // LIKE with our own escape, so % and _ in what the user typed are just characters
                String like = found.get().term().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
                sql.append(" AND (id LIKE ? ESCAPE '\\' OR LOWER(text) LIKE LOWER(?) ESCAPE '\\')");
                args.add(like + "%");
                args.add("%" + like + "%");
            }
            sql.append(" ORDER BY seq DESC LIMIT ?");
            args.add(limit + 1);
            List<Job> jobs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                bind(ps, args.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        jobs.add(JobRows.map(rs, JobRows.Shape.SUMMARY));
                    }
                }
            }
            return Page.of(jobs, limit);
        });
    }

    @Override
    public Backend backend() {
        return dialect.backend();
    }

    @Override
    public Optional<String> writeFailure() {
        return Optional.ofNullable(writer.lastFailure());
    }

    @Override
    public Map<JobState, Long> counts() {
        return readers.read(c -> {
            Map<JobState, Long> counts = new EnumMap<>(JobState.class);
            for (JobState s : JobState.values()) {
                counts.put(s, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM jobs GROUP BY state");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(JobState.fromWire(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    @Override
    public Optional<Instant> nextDueAt() {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(run_at) FROM jobs WHERE state = ?")) {
                ps.setString(1, QUEUED.wireName());
                try (ResultSet rs = ps.executeQuery()) {
                    long at = rs.next() ? rs.getLong(1) : 0;
                    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
                }
            }
        });
    }

    @Override
    public void close() {
        writer.close();
        readers.close();
    }

    /** A fenced move of a leased job: only from running, only while the lease's token is current. */
    private Optional<Transition> move(Connection c, Lease lease, Move move, String sets, Object... args)
            throws SQLException {
        return move(c, lease.jobId(), lease.token(), RUNNING, move, sets, args);
    }

    /** Moves job {@code id} from {@code from}, if it is still there (and still holds {@code token} when given). */
    private Optional<Transition> move(Connection c, String id, Long token, JobState from, Move move, String sets,
                                      Object... args) throws SQLException {
        move.check(id, from);
        JobState to = move.to();
        String sql = "UPDATE jobs SET state = ?, " + sets + " WHERE id = ? AND state = ?"
                + (token == null ? "" : " AND fence = ?");
        Object[] all = new Object[args.length + (token == null ? 3 : 4)];
        all[0] = to.wireName();
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = id;
        all[args.length + 2] = from.wireName();
        if (token != null) {
            all[args.length + 3] = token;
        }
        return update(c, sql, all) == 1 ? Optional.of(Transition.of(id, move, from, clock.instant()))
                : Optional.empty();
    }

    private boolean fenced(Connection c, Lease lease, String sets, Object... args) throws SQLException {
        Object[] all = new Object[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = lease.jobId();
        all[args.length + 1] = lease.token();
        all[args.length + 2] = RUNNING.wireName();
        return update(c, "UPDATE jobs SET " + sets + " WHERE id = ? AND fence = ? AND state = ?", all) == 1;
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static Optional<Job> findIn(Connection c, String column, String value, JobRows.Shape shape)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + shape.columns + " FROM jobs WHERE " + column
                + " = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(JobRows.map(rs, shape)) : Optional.empty();
            }
        }
    }
}
