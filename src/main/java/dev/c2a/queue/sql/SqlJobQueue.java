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
import dev.c2a.queue.Coordination;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.Lease;
import dev.c2a.queue.LeaseExpiry;
import dev.c2a.queue.Outbox;
import dev.c2a.queue.Refusals;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.queue.TextPreview;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

import static dev.c2a.job.JobState.QUEUED;
import static dev.c2a.job.JobState.RUNNING;

/**
 * The one SQL implementation of {@link JobQueue}; a {@link SqlDialect} carries what differs between
 * databases, and its {@link Transactions} how work reaches the database.
 *
 * <p>Every write is one statement guarded by what it assumes: the job's id and state, and for a
 * claim's writes its fencing token, for lease recovery the expiry too. A write that finds its
 * assumption gone changes nothing (the guard matched no row), so correctness does not rest on one
 * writer: any number of nodes may write to one database at once. Decisions that depend on the row
 * (retry later or fail) are made by the statement itself, on the row it updates. Every state change
 * goes through {@link #move}, which checks the state table ({@link Move}) and returns the
 * transition it made, timed by the database's "now" ({@link SqlTime}).
 */
public final class SqlJobQueue implements JobQueue {
    /** Stands for the parameter of {@link SqlDialect#now()} in argument lists; {@code {now}} in SQL. */
    static final Object NOW = new Object();
    /** Rows of counts read that make {@link #counts} fold them: a few milliseconds' reading. */
    private static final int FOLD_COUNTS_AFTER = 1_000;
    private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_]+");
    private final Transactions tx;
    private final SqlDialect dialect;
    private final SqlTime time;
    private final RetryPolicy retry;
    private final WorkNotices notices;
    private final Pruning pruning;
    private final SqlOutbox outbox;
    private final SqlCoordination coordination;
    private volatile WorkListener listener = jobs -> { };

    public SqlJobQueue(Transactions tx, SqlDialect dialect, SqlTime time, RetryPolicy retry) {
        this(tx, dialect, time, retry, WorkNotices.NONE);
    }

    /** @param notices how this node hears of jobs other nodes commit on the same database */
    public SqlJobQueue(Transactions tx, SqlDialect dialect, SqlTime time, RetryPolicy retry, WorkNotices notices) {
        this.notices = notices;
        this.tx = tx;
        this.dialect = dialect;
        this.time = time;
        this.retry = retry;
        this.pruning = new Pruning(dialect, this::prepare);
        this.outbox = new SqlOutbox(tx, dialect, this::prepare, time.clock());
        this.coordination = new SqlCoordination(tx, dialect, this::prepare, notices);
    }

    @Override
    public Coordination coordination() {
        return coordination;
    }

    @Override
    public void onWork(WorkListener listener) {
        this.listener = listener;
        notices.listen(listener);
    }

    /**
     * A write that may make jobs claimable: once it is committed, this node's listener hears of it,
     * and the other nodes on the database through the notices.
     */
    private <T> T announcing(SqlWork<T> work, ToIntFunction<T> claimable) {
        T result = tx.write(work);
        int jobs = claimable.applyAsInt(result);
        if (jobs > 0) {
            listener.work(jobs);
            notices.announce();
        }
        return result;
    }

    @Override
    public Enqueued enqueue(JobSpec spec) {
        return announcing(c -> insert(c, spec), e -> e.created() ? 1 : 0);
    }

    /** Announces nothing when the idle worker took the new job: no one else needs to look. */
    @Override
    public Admitted enqueueAndClaim(JobSpec spec, String owner, Duration leaseTime, Set<String> busyEngines) {
        return announcing(c -> {
            Enqueued e = insert(c, spec);
            return new Admitted(e, e.created() ? claimIn(c, owner, leaseTime, busyEngines) : Optional.empty());
        }, Admitted::leftClaimable);
    }

    @Override
    public List<Enqueued> enqueueAll(List<JobSpec> specs) {
        return announcing(c -> {
            List<Enqueued> out = new ArrayList<>(specs.size());
            for (JobSpec spec : specs) {
                out.add(insert(c, spec));
            }
            return out;
        }, out -> (int) out.stream().filter(Enqueued::created).count());
    }

    /**
     * A message's inbox row first, under a new job id; when the row was there already (a redelivery),
     * the job it names. Else the job under that id; when its idempotency key found another job, the
     * row is made to name that one.
     */
    @Override
    public List<Received> enqueueMessages(List<Message> messages) {
        return announcing(c -> {
            List<Received> out = new ArrayList<>(messages.size());
            for (Message m : messages) {
                String id = JobIds.next(time.clock());
                if (update(c, "INSERT INTO inbox (source, message_id, job_id, received_at) VALUES (?,?,?,{now})"
                        + " ON CONFLICT (source, message_id) DO NOTHING", m.source(), m.messageId(), id, NOW) == 0) {
                    out.add(new Received(inboxJob(c, m), false));
                    continue;
                }
                Enqueued e = insert(c, m.spec(), id);
                if (!e.created()) {
                    update(c, "UPDATE inbox SET job_id = ? WHERE source = ? AND message_id = ?", e.job().id(),
                            m.source(), m.messageId());
                }
                out.add(new Received(e.job().id(), e.created()));
            }
            return out;
        }, out -> (int) out.stream().filter(Received::created).count());
    }

    private String inboxJob(Connection c, Message m) throws SQLException {
        try (PreparedStatement ps = prepare(c, "SELECT job_id FROM inbox WHERE source = ? AND message_id = ?",
                m.source(), m.messageId()); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    private Enqueued insert(Connection c, JobSpec spec) throws SQLException {
        return insert(c, spec, JobIds.next(time.clock()));
    }

    /** The job's row, then its input ({@link JobRows}) under the row's {@code seq}. */
    private Enqueued insert(Connection c, JobSpec spec, String id) throws SQLException {
        Refusals.requireContent(spec);
        String fingerprint = spec.idempotencyKey() == null ? null : spec.fingerprint();
        String text = spec.text() == null ? "" : spec.text();
        Job job = null;
        try (PreparedStatement ps = prepare(c, "INSERT INTO jobs (id, idempotency_key, text_length, text_preview,"
                + " voice, format, speed, ssml, state, max_attempts, queued_at, run_at, content_type, options,"
                + " request_hash, ttl_ms, reply) VALUES (?,?,?,?,?,?,?,?,?,?,{now},{now},?,?,?,?,?)"
                + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING " + JobRows.Shape.SUMMARY.columns,
                id, spec.idempotencyKey(), spec.contentLength(), TextPreview.start(text), spec.voice(),
                spec.format(), spec.speed(), spec.ssml() ? 1 : 0, QUEUED.wireName(), retry.maxAttempts(), NOW, NOW,
                spec.contentType().mediaType(), spec.options().isDefault() ? null : Json.write(spec.options()),
                fingerprint, spec.options().ttlDuration().map(Duration::toMillis).orElse(null),
                spec.reply() == null ? null : Json.write(spec.reply()));
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                job = JobRows.map(rs, JobRows.Shape.SUMMARY);
            }
        }
        if (job != null) {
            update(c, "INSERT INTO job_inputs (seq, text, body) VALUES (?,?,?)", job.seq(), text, spec.body());
            return new Enqueued(job, true);
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

    @Override
    public List<Lease> claimEach(List<String> owners, Duration leaseTime, Set<String> busyEngines) {
        return owners.isEmpty() ? List.of() : tx.write(c -> claimIn(c, owners, leaseTime, busyEngines));
    }

    private Optional<Lease> claimIn(Connection c, String owner, Duration leaseTime, Set<String> busyEngines)
            throws SQLException {
        return claimIn(c, List.of(owner), leaseTime, busyEngines).stream().findFirst();
    }

    /**
     * One statement picks the oldest due jobs, as many as there are owners, and takes them: the
     * owners go in as one JSON array, the n-th oldest job to the n-th owner (one owner is bound
     * alone, its one job picked with {@code LIMIT 1}: see {@link #claimStatement}). The outer state guard
     * keeps a claim from taking a job another claim took between the pick and the update (where the
     * dialect's lock clause does not already skip it). Each job comes back whole, its input read by
     * subqueries in RETURNING (which may name only the updated table, on SQLite): one round trip.
     * Jobs of {@code busyEngines} are passed over (their voices are {@code engine:voice}).
     *
     * <p>The picked state is written into the SQL, not bound (and the count too, where
     * {@link SqlDialect#writesClaimCount}), and the outer guard compares the row's state with the one
     * picked, not with a constant, so that a plan made once for any values is still a good one: the
     * oldest queued jobs, each then taken by its key. PostgreSQL may keep such a plan for a statement
     * the driver prepared (after its fifth run on a connection, when the plan is costed no worse than
     * those made for the values). why: planning at every run cost a backend 0.6 ms, a job's claim
     * twice over; a plan for any values hash-joined every row in the bound state, and with the outer
     * guard a constant, a planner that believes few jobs are queued walks every queued job for each
     * picked one.
     */
    private List<Lease> claimIn(Connection c, List<String> owners, Duration leaseTime, Set<String> busyEngines)
            throws SQLException {
        // an engine's jobs are those whose voice starts with "engine:", compared exactly (no pattern,
        // no case folding) on every database
        List<Object> skipped = new ArrayList<>();
        busyEngines.stream().sorted().forEach(e -> {
            skipped.add((e + ":").codePointCount(0, e.length() + 1));
            skipped.add(e + ":");
        });
        String sql = claimStatement(dialect, owners.size(), busyEngines.size());
        List<Lease> taken = new ArrayList<>(owners.size());
        boolean one = owners.size() == 1;
        List<Object> params = new ArrayList<>(List.of(RUNNING.wireName(), one ? owners.getFirst() : Json.write(owners),
                NOW, leaseTime.toMillis(), NOW, NOW));
        params.addAll(skipped);
        if (!one && !dialect.writesClaimCount()) {
            params.add(owners.size());
        }
        try (PreparedStatement ps = prepare(c, sql, params.toArray())) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    taken.add(new Lease(JobRows.map(rs, JobRows.Shape.FULL), rs.getLong("fence"),
                            rs.getString("lease_owner"), SqlTime.at(rs.getLong("lease_expires_at"))));
                }
            }
        }
        return taken;
    }

    /**
     * The claim of {@code jobs} jobs passing over {@code busyEngines} engines, as {@link #claimIn}
     * runs it ({@code {now}} still to expand): public for tests that ask a server how it plans it.
     * A claim for one owner, the most frequent (a submission's for the idle worker it reserved, a
     * worker's for its next job as it completes one), binds the owner and has no row numbers to
     * match. why: numbering the picked rows and reading the owner out of a JSON array made SQLite's
     * claim of one job 3-4 times slower (0.14-0.23 ms against 0.04-0.07 ms, an in-process commit of
     * an insert and a claim on this machine), on the path of every job's start.
     */
    public static String claimStatement(SqlDialect dialect, int jobs, int busyEngines) {
        String oldest = " FROM jobs WHERE state = " + literal(QUEUED) + " AND run_at <= {now}"
                + " AND substr(voice, 1, ?) <> ?".repeat(busyEngines) + " ORDER BY run_at, seq LIMIT ";
        String picked = jobs == 1
                ? "(SELECT seq AS picked_seq, state AS picked_state" + oldest + "1 " + dialect.claimLockClause() + ")"
                : "(SELECT picked_seq, picked_state, row_number() OVER (ORDER BY picked_run_at, picked_seq) AS n"
                + " FROM (SELECT seq AS picked_seq, state AS picked_state, run_at AS picked_run_at" + oldest
                + (dialect.writesClaimCount() ? Integer.toString(jobs) : "?") + " " + dialect.claimLockClause()
                + ") oldest)";
        return "UPDATE jobs SET state = ?, fence = fence + 1, attempts = attempts + 1, lease_owner = "
                + (jobs == 1 ? "?" : dialect.jsonElement("picked.n - 1")) + ", lease_expires_at = {now} + ?,"
                + " started_at = {now}, progress_done = 0, progress_total = 0 FROM " + picked + " picked"
                + " WHERE jobs.seq = picked.picked_seq AND jobs.state = picked.picked_state RETURNING "
                + JobRows.Shape.FULL.columns + ", lease_owner, lease_expires_at";
    }

    /** A state as an SQL literal: its wire name is a lower-case word of ours, never input. */
    private static String literal(JobState state) {
        if (!PLAIN_NAME.matcher(state.wireName()).matches()) {
            throw new IllegalStateException("state " + state + " has no plain wire name");
        }
        return "'" + state.wireName() + "'";
    }

    @Override
    public Heartbeat heartbeat(Lease lease, Duration leaseTime) {
        return tx.write(c -> {
            try (PreparedStatement ps = prepare(c, "UPDATE jobs SET lease_expires_at = {now} + ?"
                    + " WHERE id = ? AND fence = ? AND state = ? RETURNING cancel_requested", NOW,
                    leaseTime.toMillis(), lease.jobId(), lease.token(), RUNNING.wireName());
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Heartbeat(true, rs.getInt(1) != 0) : Heartbeat.LOST;
            }
        });
    }

    @Override
    public boolean progress(Lease lease, Progress progress) {
        return tx.write(c -> update(c, "UPDATE jobs SET progress_done = ?, progress_total = ?,"
                + " progress_chapter = ?, progress_chapters = ? WHERE id = ? AND fence = ? AND state = ?",
                progress.done(), progress.total(), progress.chapter(), progress.chapters(), lease.jobId(),
                lease.token(), RUNNING.wireName()) == 1);
    }

    @Override
    public Optional<Transition> complete(Lease lease, JobResult result) {
        return tx.write(c -> completeIn(c, lease, result));
    }

    @Override
    public Handover completeAndClaim(Lease lease, JobResult result, Duration leaseTime, Set<String> busyEngines) {
        return tx.write(c -> new Handover(completeIn(c, lease, result), claimIn(c, lease.owner(), leaseTime,
                busyEngines)));
    }

    private Optional<Transition> completeIn(Connection c, Lease lease, JobResult result) throws SQLException {
        Optional<Transition> moved = move(c, lease, Move.SUCCEED, "result = ?, stored_bytes = ?, finished_at = {now},"
                + " progress_done = ?, progress_total = ?, progress_chapter = ?, progress_chapters = ?",
                Json.write(result), result.storedBytes(), NOW, result.segments(), result.segments(),
                result.chapters().size(), result.chapters().size());
        return outbox.record(c, moved, SqlOutbox.Detail.of(result));
    }

    /**
     * Retry later or fail is decided by the statement, on the attempts of the row it updates. The
     * backoff comes from the lease's attempts: while its token holds, the row's are the same.
     */
    @Override
    public Optional<Transition> fail(Lease lease, JobError error, boolean retryable) {
        Move.RETRY_LATER.check(lease.jobId(), RUNNING);
        Move.FAIL.check(lease.jobId(), RUNNING);
        String again = "(? = 1 AND attempts < max_attempts)";
        String sql = "UPDATE jobs SET state = CASE WHEN " + again + " THEN ? ELSE ? END,"
                + " errors = " + dialect.appendError() + ","
                + " run_at = CASE WHEN " + again + " THEN {now} + ? ELSE run_at END,"
                + " finished_at = CASE WHEN " + again + " THEN finished_at ELSE {now} END,"
                + " lease_owner = NULL, lease_expires_at = NULL"
                + " WHERE id = ? AND state = ? AND fence = ? RETURNING state, {now} AS moved_at";
        int flag = retryable ? 1 : 0;
        long backoff = retry.delayBefore(lease.job().attempts()).toMillis();
        return tx.write(c -> {
            try (PreparedStatement ps = prepare(c, sql, flag, Move.RETRY_LATER.to().wireName(),
                    Move.FAIL.to().wireName(), Json.write(error), flag, NOW, backoff, flag, NOW, lease.jobId(),
                    RUNNING.wireName(), lease.token(), NOW);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Move move = JobState.fromWire(rs.getString("state")) == QUEUED ? Move.RETRY_LATER : Move.FAIL;
                Transition t = Transition.of(lease.jobId(), move, RUNNING, SqlTime.at(rs.getLong("moved_at")));
                return outbox.record(c, Optional.of(t), SqlOutbox.Detail.of(error));
            }
        });
    }

    @Override
    public Optional<Transition> release(Lease lease) {
        return postpone(lease, Duration.ZERO);
    }

    @Override
    public Optional<Transition> postpone(Lease lease, Duration delay) {
        return announcing(c -> move(c, lease, Move.RELEASE, "attempts = attempts - 1, run_at = {now} + ?", NOW,
                delay.toMillis()), moved -> moved.isPresent() && delay.isZero() ? 1 : 0);
    }

    @Override
    public Optional<Transition> acknowledgeCancel(Lease lease) {
        return tx.write(c -> outbox.record(c, move(c, lease, Move.CANCEL, "finished_at = {now}", NOW),
                SqlOutbox.Detail.NONE));
    }

    /**
     * A queued job is cancelled, or a running one flagged, each by a statement guarded by the state
     * it expects; when neither matched, a read says why (no such job, or one that has finished). A
     * job that moved between the statements and the read (a queued job claimed) is tried again.
     */
    @Override
    public Optional<Changed> cancel(String id) {
        return tx.write(c -> {
            while (true) {
                Optional<Transition> moved = outbox.record(c, move(c, id, QUEUED, Move.CANCEL, "finished_at = {now}",
                        NOW), SqlOutbox.Detail.NONE);
                if (moved.isPresent() || update(c, "UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND state = ?",
                        id, RUNNING.wireName()) == 1) {
                    return Optional.of(new Changed(findIn(c, "id", id, JobRows.Shape.SUMMARY).orElseThrow(), moved));
                }
                Optional<Job> found = findIn(c, "id", id, JobRows.Shape.SUMMARY);
                if (found.isEmpty()) {
                    return Optional.empty();
                }
                Move.CANCEL.check(id, found.get().state());
            }
        });
    }

    /** As {@link #cancel}: one guarded statement per state a retry may start from, then a read says why not. */
    @Override
    public Optional<Changed> retry(String id) {
        return announcing(c -> {
            while (true) {
                for (JobState from : JobState.values()) {
                    if (!Move.RETRY.allowedFrom(from)) {
                        continue;
                    }
                    Optional<Transition> moved = move(c, id, from, Move.RETRY, "attempts = 0, run_at = {now},"
                            + " finished_at = NULL, result = NULL, cancel_requested = 0, lease_deaths = 0", NOW);
                    if (moved.isPresent()) {
                        return Optional.of(new Changed(findIn(c, "id", id, JobRows.Shape.SUMMARY).orElseThrow(),
                                moved));
                    }
                }
                Optional<Job> found = findIn(c, "id", id, JobRows.Shape.SUMMARY);
                if (found.isEmpty()) {
                    return Optional.empty();
                }
                Move.RETRY.check(id, found.get().state());
            }
        }, changed -> changed.flatMap(Changed::transition).isPresent() ? 1 : 0);
    }

    /**
     * Removing a job frees its idempotency key: a later submission with that key is a new job. why:
     * the key promises one job per request while the job is kept; once its owner deleted it, there
     * is nothing to return, and refusing the key forever would need a ledger of deleted keys.
     */
    @Override
    public Optional<Job> delete(String id) {
        return tx.write(c -> {
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

    /**
     * Finds the expired leases, then recovers each with one statement guarded by its token and, again,
     * its expiry: a heartbeat that committed after the search keeps its job, and of two recoverers
     * at once only one moves each job. A lease is expired once "now" is past its expiry instant.
     * Jobs are recovered in {@code seq} order, so that two recoverers locking rows one by one
     * cannot wait for each other in a circle.
     */
    @Override
    public List<Expired> recoverExpiredLeases() {
        return announcing(c -> {
            List<Lease> expired = new ArrayList<>();
            List<Integer> deaths = new ArrayList<>();
            Instant now = null;
            try (PreparedStatement ps = prepare(c, "SELECT " + JobRows.SUMMARY_COLUMNS + ", lease_deaths,"
                    + " lease_owner, lease_expires_at, {now} AS now_ms FROM jobs WHERE state = ?"
                    + " AND lease_expires_at < {now} ORDER BY seq", NOW, RUNNING.wireName(), NOW);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    now = SqlTime.at(rs.getLong("now_ms"));
                    expired.add(new Lease(JobRows.map(rs, JobRows.Shape.SUMMARY), rs.getLong("fence"),
                            rs.getString("lease_owner"), SqlTime.at(rs.getLong("lease_expires_at"))));
                    deaths.add(rs.getInt("lease_deaths") + 1);
                }
            }
            List<Expired> recovered = new ArrayList<>(expired.size());
            for (int i = 0; i < expired.size(); i++) {
                Lease lease = expired.get(i);
                recover(c, lease, deaths.get(i), now).ifPresent(t -> recovered.add(new Expired(lease, t)));
            }
            return recovered;
        }, recovered -> (int) recovered.stream().filter(e -> e.transition().move() == Move.EXPIRE).count());
    }

    private Optional<Transition> recover(Connection c, Lease lease, int deaths, Instant now) throws SQLException {
        LeaseExpiry expiry = LeaseExpiry.of(deaths, lease.job().attempts(), retry, now);
        String sets = "lease_deaths = ?, errors = " + dialect.appendError() + ", "
                + (expiry.move() == Move.QUARANTINE ? "finished_at = {now}" : "attempts = attempts - 1, run_at = {now}");
        String guard = " AND fence = ? AND lease_expires_at < {now}";
        Optional<Transition> moved = moveWhere(c, lease.jobId(), RUNNING, expiry.move(), sets,
                new Object[] {deaths, Json.write(expiry.error()), NOW}, guard, lease.token(), NOW)
                .map(t -> Transition.of(t.jobId(), t.move(), t.from(), now));
        return outbox.record(c, moved, SqlOutbox.Detail.of(expiry.error()));
    }

    @Override
    public List<Pruned> pruneExpired(Duration retention, int limit) {
        return tx.write(c -> pruning.expired(c, retention, limit));
    }

    @Override
    public List<Pruned> pruneToSize(long maxBytes, int limit) {
        // why a read first: while under the cap (nearly always), the writer is not held for the sum
        if (tx.read(Pruning::storedBytes) <= maxBytes) {
            return List.of();
        }
        return tx.write(c -> pruning.toSize(c, maxBytes, limit));
    }

    @Override
    public Optional<Pruned> pruned(String id) {
        return tx.read(c -> Pruning.tombstone(c, id));
    }

    @Override
    public int pruneTombstones(Duration keep, int limit) {
        return tx.write(c -> pruning.tombstones(c, keep, limit));
    }

    @Override
    public Optional<Job> find(String id) {
        return tx.read(c -> findIn(c, "id", id, JobRows.Shape.PREVIEW));
    }

    /** See {@link Listing}: each of its statements, and the newest page of what they found. */
    @Override
    public Page list(JobState state, int limit, String cursor, String search) {
        return tx.read(c -> {
            TreeMap<Long, Job> union = new TreeMap<>(Comparator.reverseOrder());
            for (Listing.Query q : Listing.of(dialect, state, limit, cursor, search)) {
                try (PreparedStatement ps = prepare(c, q.sql(), q.args().toArray()); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Job job = JobRows.map(rs, JobRows.Shape.SUMMARY);
                        union.put(job.seq(), job);
                    }
                }
            }
            return Page.of(List.copyOf(union.values()), limit);
        });
    }

    @Override
    public Backend backend() {
        return dialect.backend();
    }

    @Override
    public Optional<String> writeFailure() {
        return tx.writeFailure();
    }

    /**
     * Counted by the database's triggers as jobs come, move and go ({@link SqlDialect#countsQuery}),
     * not by reading the jobs. When that read found many rows, they are folded for the next one.
     */
    @Override
    public Map<JobState, Long> counts() {
        int[] rows = new int[1];
        Map<JobState, Long> counts = tx.read(c -> {
            Map<JobState, Long> sums = new EnumMap<>(JobState.class);
            for (JobState s : JobState.values()) {
                sums.put(s, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement(dialect.countsQuery()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sums.merge(JobState.fromWire(rs.getString(1)), rs.getLong(2), Long::sum);
                    rows[0]++;
                }
            }
            return sums;
        });
        if (rows[0] > FOLD_COUNTS_AFTER) {
            try {
                dialect.foldCounts().ifPresent(fold -> tx.write(c -> update(c, fold)));
            } catch (RuntimeException e) {
                // the counts read are right all the same; the next call folds
            }
        }
        return counts;
    }

    @Override
    public Optional<Instant> nextDueAt() {
        return tx.read(c -> {
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
        notices.close();
        tx.close();
    }

    /** A fenced move of a leased job: only from running, only while the lease's token is current. */
    private Optional<Transition> move(Connection c, Lease lease, Move move, String sets, Object... args)
            throws SQLException {
        return moveWhere(c, lease.jobId(), RUNNING, move, sets, args, " AND fence = ?", lease.token());
    }

    /** Moves job {@code id} from {@code from}, if it is still there. */
    private Optional<Transition> move(Connection c, String id, JobState from, Move move, String sets,
                                      Object... args) throws SQLException {
        return moveWhere(c, id, from, move, sets, args, "");
    }

    /**
     * The one statement that moves a job: {@code UPDATE jobs SET state, sets WHERE id AND state} and
     * {@code guard}; empty when no row matched, so nothing moved.
     */
    private Optional<Transition> moveWhere(Connection c, String id, JobState from, Move move, String sets,
                                           Object[] setArgs, String guard, Object... guardArgs) throws SQLException {
        move.check(id, from);
        List<Object> args = new ArrayList<>(setArgs.length + guardArgs.length + 4);
        args.add(move.to().wireName());
        args.addAll(Arrays.asList(setArgs));
        args.add(id);
        args.add(from.wireName());
        args.addAll(Arrays.asList(guardArgs));
        args.add(NOW);
        String sql = "UPDATE jobs SET state = ?, " + sets + leaseEnds(move) + " WHERE id = ? AND state = ?" + guard
                + " RETURNING {now} AS moved_at";
        try (PreparedStatement ps = prepare(c, sql, args.toArray()); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(Transition.of(id, move, from, SqlTime.at(rs.getLong("moved_at"))))
                    : Optional.empty();
        }
    }

    /** Leaving running ends the lease. */
    private static String leaseEnds(Move move) {
        return move.to() == RUNNING ? "" : ", lease_owner = NULL, lease_expires_at = NULL";
    }

    private int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    /** {@code sql} with the dialect's "now" for each {@code {now}}, and {@link #NOW} bound as its parameter. */
    private PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql.replace("{now}", dialect.now()));
        Long now = time.argument();
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i] == NOW ? now : args[i]);
        }
        return ps;
    }

    private static Optional<Job> findIn(Connection c, String column, String value, JobRows.Shape shape)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + shape.columns + " FROM jobs WHERE "
                + column + " = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(JobRows.map(rs, shape)) : Optional.empty();
            }
        }
    }
}
