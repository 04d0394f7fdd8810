package dev.c2a.queue.memory;

import dev.c2a.job.IdempotencyConflictException;
import dev.c2a.job.Job;
import dev.c2a.job.JobError;
import dev.c2a.job.JobIds;
import dev.c2a.job.JobResult;
import dev.c2a.job.JobSpec;
import dev.c2a.job.JobState;
import dev.c2a.job.Move;
import dev.c2a.job.Progress;
import dev.c2a.job.QueueUnavailableException;
import dev.c2a.job.Transition;
import dev.c2a.queue.Coordination;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.JobSearch;
import dev.c2a.queue.Lease;
import dev.c2a.queue.LeaseExpiry;
import dev.c2a.queue.Outbox;
import dev.c2a.queue.Refusals;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.queue.TextPreview;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import static dev.c2a.job.JobState.QUEUED;
import static dev.c2a.job.JobState.RUNNING;

/**
 * A {@link JobQueue} in this process's memory, for fast tests and an embedder's throwaway work:
 * nothing survives the process (durability "none"). One lock guards all jobs, so every call is one
 * transaction and every read-then-write is atomic; simplicity beats concurrency in this backend.
 * Every state change goes through {@link #move}, which checks the state table ({@link Move}) and
 * returns the transition it made. Times are kept in milliseconds, as the SQL queue keeps them.
 */
public final class InMemoryJobQueue implements JobQueue {
    private static final Backend BACKEND = new Backend("memory", "none");

    private final InstantSource clock;
    private final RetryPolicy retry;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile WorkListener listener = jobs -> { };
    /** Every job by {@link Job#seq}: ascending is oldest first. */
    private final NavigableMap<Long, Row> bySeq = new TreeMap<>();
    private final Map<String, Row> byId = new HashMap<>();
    private final Map<String, Row> byKey = new HashMap<>();
    /** Pruned jobs' tombstones, the first pruned first. */
    private final Map<String, Pruned> tombstones = new LinkedHashMap<>();
    private final MemoryOutbox outbox;
    private final MemoryCoordination coordination;
    private long lastSeq;
    private boolean closed;

    public InMemoryJobQueue(InstantSource clock, RetryPolicy retry) {
        this.clock = clock;
        this.retry = retry;
        this.outbox = new MemoryOutbox(this::locked, clock);
        this.coordination = new MemoryCoordination(this::locked, clock, this::extendLeases);
    }

    @Override
    public Coordination coordination() {
        return coordination;
    }

    /** A node's beat: each of {@code leases} whose job still runs under its token is held on. */
    private List<Coordination.HeldLease> extendLeases(List<Lease> leases, Duration leaseTime, Instant now) {
        List<Coordination.HeldLease> held = new ArrayList<>();
        for (Lease lease : leases) {
            Row row = byId.get(lease.jobId());
            if (row != null && row.state == RUNNING && row.fence == lease.token()) {
                row.leaseExpiresAt = now.plusMillis(leaseTime.toMillis());
                held.add(new Coordination.HeldLease(row.id, row.fence, row.cancelRequested));
            }
        }
        return held;
    }

    /** How much of its content a job read carries, as in the SQL queue: only a claim gets all of it. */
    private enum Shape { SUMMARY, PREVIEW, FULL }

    /** A job as stored: what {@link Job} shows, and its lease, request fingerprint and lease deaths. */
    private static final class Row {
        final String id;
        final long seq;
        final JobSpec spec;
        final String fingerprint;
        final int maxAttempts;
        final Instant queuedAt;
        JobState state = QUEUED;
        int attempts;
        long fence;
        Instant runAt;
        Instant startedAt;
        Instant finishedAt;
        Progress progress = Progress.NONE;
        boolean cancelRequested;
        List<JobError> errors = List.of();
        JobResult result;
        String leaseOwner;
        Instant leaseExpiresAt;
        int leaseDeaths;

        Row(String id, long seq, JobSpec spec, String fingerprint, int maxAttempts, Instant queuedAt) {
            this.id = id;
            this.seq = seq;
            this.spec = spec;
            this.fingerprint = fingerprint;
            this.maxAttempts = maxAttempts;
            this.queuedAt = queuedAt;
            this.runAt = queuedAt;
        }

        Job view(Shape shape) {
            boolean full = shape == Shape.FULL;
            JobSpec shown = new JobSpec(spec.contentType(), full ? spec.text() : null,
                    full && spec.body() != null ? spec.body().clone() : null, spec.voice(), spec.format(),
                    spec.speed(), spec.options(), spec.idempotencyKey(), spec.reply());
            String preview = shape == Shape.SUMMARY ? null : TextPreview.of(spec.text(), spec.contentType());
            return new Job(id, seq, shown, spec.contentLength(), preview, state, attempts, maxAttempts, queuedAt, runAt,
                    startedAt, finishedAt, progress, cancelRequested, errors, result);
        }

        /** What its result keeps in the store, in bytes: none before it succeeds. */
        long storedBytes() {
            return result == null ? 0 : result.storedBytes();
        }

        void addError(JobError error) {
            List<JobError> all = new ArrayList<>(errors);
            all.add(error);
            errors = List.copyOf(all);
        }
    }

    @Override
    public void onWork(WorkListener listener) {
        this.listener = listener;
    }

    /** A write that may make jobs claimable; the listener hears of them after the lock is let go. */
    private <T> T announcing(Supplier<T> work, ToIntFunction<T> claimable) {
        T result = locked(work);
        int jobs = claimable.applyAsInt(result);
        if (jobs > 0) {
            listener.work(jobs);
        }
        return result;
    }

    @Override
    public Enqueued enqueue(JobSpec spec) {
        return announcing(() -> insert(spec, now()), e -> e.created() ? 1 : 0);
    }

    @Override
    public Admitted enqueueAndClaim(JobSpec spec, String owner, Duration leaseTime, Set<String> busyEngines) {
        return announcing(() -> {
            Instant now = now();
            Enqueued e = insert(spec, now);
            return new Admitted(e, e.created() ? claimIn(owner, leaseTime, now, busyEngines) : Optional.empty());
        }, Admitted::leftClaimable);
    }

    @Override
    public List<Enqueued> enqueueAll(List<JobSpec> specs) {
        return announcing(() -> {
            Instant now = now();
            List<Enqueued> out = new ArrayList<>(specs.size());
            try {
                for (JobSpec spec : specs) {
                    out.add(insert(spec, now));
                }
            } catch (RuntimeException e) {
                out.stream().filter(Enqueued::created).forEach(done -> remove(byId.get(done.job().id())));
                throw e;
            }
            return out;
        }, out -> (int) out.stream().filter(Enqueued::created).count());
    }

    @Override
    public List<Received> enqueueMessages(List<Message> messages) {
        return announcing(() -> {
            Instant now = now();
            List<Received> out = new ArrayList<>(messages.size());
            List<String> added = new ArrayList<>();
            try {
                for (Message m : messages) {
                    String key = m.source() + "\u0000" + m.messageId();
                    String found = outbox.inboxJob(key);
                    if (found != null) {
                        out.add(new Received(found, false));
                        continue;
                    }
                    Enqueued e = insert(m.spec(), now);
                    outbox.received(key, e.job().id(), now);
                    added.add(key);
                    out.add(new Received(e.job().id(), e.created()));
                }
            } catch (RuntimeException e) {
                added.forEach(outbox::forget);
                out.stream().filter(Received::created).forEach(done -> remove(byId.get(done.jobId())));
                throw e;
            }
            return out;
        }, out -> (int) out.stream().filter(Received::created).count());
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    private Enqueued insert(JobSpec spec, Instant now) {
        Refusals.requireContent(spec);
        String key = spec.idempotencyKey();
        String fingerprint = key == null ? null : spec.fingerprint();
        Row existing = key == null ? null : byKey.get(key);
        if (existing != null) {
            if (!existing.fingerprint.equals(fingerprint)) {
                throw new IdempotencyConflictException(key, existing.id);
            }
            return new Enqueued(existing.view(Shape.SUMMARY), false);
        }
        // the text is stored empty for binary content, and the body copied: the caller's array may change
        JobSpec stored = new JobSpec(spec.contentType(), spec.text() == null ? "" : spec.text(),
                spec.body() == null ? null : spec.body().clone(), spec.voice(), spec.format(), spec.speed(),
                spec.options(), key, spec.reply());
        Row row = new Row(JobIds.next(clock), ++lastSeq, stored, fingerprint, retry.maxAttempts(), now);
        bySeq.put(row.seq, row);
        byId.put(row.id, row);
        if (key != null) {
            byKey.put(key, row);
        }
        return new Enqueued(row.view(Shape.SUMMARY), true);
    }

    @Override
    public List<Lease> claimEach(List<String> owners, Duration leaseTime, Set<String> busyEngines) {
        return locked(() -> {
            Instant now = now();
            List<Lease> taken = new ArrayList<>(owners.size());
            for (String owner : owners) {
                Optional<Lease> lease = claimIn(owner, leaseTime, now, busyEngines);
                if (lease.isEmpty()) {
                    break;
                }
                taken.add(lease.get());
            }
            return taken;
        });
    }

    private Optional<Lease> claimIn(String owner, Duration leaseTime, Instant now, Set<String> busyEngines) {
        Row next = null;
        for (Row r : bySeq.values()) {
            if (r.state == QUEUED && !r.runAt.isAfter(now) && (next == null || r.runAt.isBefore(next.runAt))
                    && busyEngines.stream().noneMatch(e -> r.spec.voice().startsWith(e + ":"))) {
                next = r;
            }
        }
        if (next == null) {
            return Optional.empty();
        }
        Instant expires = now.plusMillis(leaseTime.toMillis());
        move(next, Move.CLAIM, now, r -> {
            r.fence++;
            r.attempts++;
            r.leaseOwner = owner;
            r.leaseExpiresAt = expires;
            r.startedAt = now;
            // as the SQL queue does: the segment count starts again, the chapter shows until the first report
            r.progress = new Progress(0, 0, r.progress.chapter(), r.progress.chapters());
        });
        return Optional.of(new Lease(next.view(Shape.FULL), next.fence, owner, expires));
    }

    @Override
    public Heartbeat heartbeat(Lease lease, Duration leaseTime) {
        return locked(() -> {
            Row row = held(lease);
            if (row == null) {
                return Heartbeat.LOST;
            }
            row.leaseExpiresAt = now().plusMillis(leaseTime.toMillis());
            return new Heartbeat(true, row.cancelRequested);
        });
    }

    @Override
    public boolean progress(Lease lease, Progress progress) {
        return locked(() -> {
            Row row = held(lease);
            if (row != null) {
                row.progress = progress;
            }
            return row != null;
        });
    }

    @Override
    public Optional<Transition> complete(Lease lease, JobResult result) {
        return locked(() -> completeIn(lease, result, now()));
    }

    @Override
    public Handover completeAndClaim(Lease lease, JobResult result, Duration leaseTime, Set<String> busyEngines) {
        return locked(() -> {
            Instant now = now();
            return new Handover(completeIn(lease, result, now), claimIn(lease.owner(), leaseTime, now, busyEngines));
        });
    }

    private Optional<Transition> completeIn(Lease lease, JobResult result, Instant now) {
        int chapters = result.chapters().size();
        return moveHeld(lease, Move.SUCCEED, now, r -> {
            r.result = result;
            r.finishedAt = now;
            r.progress = new Progress(result.segments(), result.segments(), chapters, chapters);
        });
    }

    @Override
    public Optional<Transition> fail(Lease lease, JobError error, boolean retryable) {
        return locked(() -> {
            Instant now = now();
            Row row = held(lease);
            if (row == null) {
                return Optional.empty();
            }
            row.addError(error);
            if (retryable && row.attempts < row.maxAttempts) {
                Duration backoff = retry.delayBefore(row.attempts);
                return Optional.of(move(row, Move.RETRY_LATER, now, r -> r.runAt = now.plusMillis(backoff.toMillis())));
            }
            return Optional.of(move(row, Move.FAIL, now, r -> r.finishedAt = now));
        });
    }

    @Override
    public Optional<Transition> release(Lease lease) {
        return postpone(lease, Duration.ZERO);
    }

    @Override
    public Optional<Transition> postpone(Lease lease, Duration delay) {
        return announcing(() -> {
            Instant now = now();
            return moveHeld(lease, Move.RELEASE, now, r -> {
                r.attempts--;
                r.runAt = now.plusMillis(delay.toMillis());
            });
        }, moved -> moved.isPresent() && delay.isZero() ? 1 : 0);
    }

    @Override
    public Optional<Transition> acknowledgeCancel(Lease lease) {
        return locked(() -> {
            Instant now = now();
            return moveHeld(lease, Move.CANCEL, now, r -> r.finishedAt = now);
        });
    }

    @Override
    public Optional<Changed> cancel(String id) {
        return locked(() -> row(id).map(row -> {
            Move.CANCEL.check(id, row.state);
            Optional<Transition> moved = Optional.empty();
            if (row.state == QUEUED) {
                Instant now = now();
                moved = Optional.of(move(row, Move.CANCEL, now, r -> r.finishedAt = now));
            } else {
                row.cancelRequested = true;
            }
            return new Changed(row.view(Shape.SUMMARY), moved);
        }));
    }

    @Override
    public Optional<Changed> retry(String id) {
        return announcing(() -> row(id).map(row -> {
            Instant now = now();
            Transition moved = move(row, Move.RETRY, now, r -> {
                r.attempts = 0;
                r.runAt = now;
                r.finishedAt = null;
                r.result = null;
                r.cancelRequested = false;
                r.leaseDeaths = 0;
            });
            return new Changed(row.view(Shape.SUMMARY), Optional.of(moved));
        }), changed -> changed.isPresent() ? 1 : 0);
    }

    @Override
    public Optional<Job> delete(String id) {
        return locked(() -> row(id).map(row -> {
            if (row.state == RUNNING) {
                throw Refusals.deleteOfRunning(id);
            }
            remove(row);
            return row.view(Shape.SUMMARY);
        }));
    }

    private void remove(Row row) {
        bySeq.remove(row.seq);
        byId.remove(row.id);
        if (row.spec.idempotencyKey() != null) {
            byKey.remove(row.spec.idempotencyKey());
        }
    }

    @Override
    public List<Expired> recoverExpiredLeases() {
        return announcing(() -> {
            Instant now = now();
            List<Expired> recovered = new ArrayList<>();
            for (Row row : bySeq.values()) {
                if (row.state != RUNNING || !row.leaseExpiresAt.isBefore(now)) {
                    continue;
                }
                Lease expired = new Lease(row.view(Shape.SUMMARY), row.fence, row.leaseOwner, row.leaseExpiresAt);
                int deaths = row.leaseDeaths + 1;
                LeaseExpiry expiry = LeaseExpiry.of(deaths, row.attempts, retry, now);
                Transition moved = move(row, expiry.move(), now, r -> {
                    r.leaseDeaths = deaths;
                    r.addError(expiry.error());
                    if (expiry.move() == Move.QUARANTINE) {
                        r.finishedAt = now;
                    } else {
                        r.attempts--;
                        r.runAt = now;
                    }
                });
                recovered.add(new Expired(expired, moved));
            }
            return recovered;
        }, recovered -> (int) recovered.stream().filter(e -> e.transition().move() == Move.EXPIRE).count());
    }

    @Override
    public List<Pruned> pruneExpired(Duration retention, int limit) {
        return locked(() -> {
            Instant now = now();
            List<Row> due = new ArrayList<>();
            for (Row row : bySeq.values()) {
                Optional<Duration> ttl = row.spec.options().ttlDuration();
                Duration kept = ttl.orElse(retention);
                if (row.state.isFinal() && kept != null && !row.finishedAt.plus(kept).isAfter(now)) {
                    due.add(row);
                }
            }
            due.sort(Comparator.comparing((Row r) -> r.finishedAt).thenComparingLong(r -> r.seq));
            List<Pruned> pruned = new ArrayList<>();
            for (Row row : due.subList(0, Math.min(limit, due.size()))) {
                Optional<Duration> ttl = row.spec.options().ttlDuration();
                pruned.add(bury(row, now, ttl.isPresent() ? Pruned.byTtl(ttl.get()) : Pruned.byRetention(retention)));
            }
            return pruned;
        });
    }

    @Override
    public List<Pruned> pruneToSize(long maxBytes, int limit) {
        return locked(() -> {
            Instant now = now();
            List<Row> storing = bySeq.values().stream().filter(r -> r.state.isFinal() && r.storedBytes() > 0)
                    .sorted(Comparator.comparing((Row r) -> r.finishedAt).thenComparingLong(r -> r.seq)).toList();
            long excess = storing.stream().mapToLong(Row::storedBytes).sum() - maxBytes;
            List<Pruned> pruned = new ArrayList<>();
            for (Row row : storing) {
                if (excess <= 0 || pruned.size() == limit) {
                    break;
                }
                excess -= row.storedBytes();
                pruned.add(bury(row, now, Pruned.STORE_MAX_BYTES));
            }
            return pruned;
        });
    }

    /** Removes a finished job, leaving its tombstone. */
    private Pruned bury(Row row, Instant now, String reason) {
        remove(row);
        Pruned tombstone = new Pruned(row.id, now, reason);
        tombstones.put(row.id, tombstone);
        return tombstone;
    }

    @Override
    public Optional<Pruned> pruned(String id) {
        return locked(() -> Optional.ofNullable(tombstones.get(id)));
    }

    @Override
    public int pruneTombstones(Duration keep, int limit) {
        return locked(() -> {
            Instant before = now().minus(keep);
            int removed = 0;
            for (var it = tombstones.values().iterator(); it.hasNext() && removed < limit; ) {
                if (!it.next().at().isAfter(before)) {
                    it.remove();
                    removed++;
                }
            }
            return removed;
        });
    }

    @Override
    public Optional<Job> find(String id) {
        return locked(() -> row(id).map(r -> r.view(Shape.PREVIEW)));
    }

    @Override
    public Page list(JobState state, int limit, String cursor, String search) {
        return locked(() -> {
            Optional<JobSearch> wanted = JobSearch.of(search);
            NavigableMap<Long, Row> older = cursor == null ? bySeq : bySeq.headMap(Page.seqBefore(cursor), false);
            List<Job> jobs = new ArrayList<>();
            long recentAbove = bySeq.isEmpty() ? 0 : bySeq.lastKey() - JobSearch.RECENT_JOBS;
            for (Row row : older.descendingMap().values()) {
                if (jobs.size() > limit) {
                    break;
                }
                if ((state == null || row.state == state)
                        && wanted.map(s -> s.matches(row.id, row.spec.text(), row.seq > recentAbove)).orElse(true)) {
                    jobs.add(row.view(Shape.SUMMARY));
                }
            }
            return Page.of(jobs, limit);
        });
    }

    @Override
    public Map<JobState, Long> counts() {
        return locked(() -> {
            Map<JobState, Long> counts = new EnumMap<>(JobState.class);
            for (JobState s : JobState.values()) {
                counts.put(s, 0L);
            }
            bySeq.values().forEach(r -> counts.merge(r.state, 1L, Long::sum));
            return counts;
        });
    }

    /** Always empty: a write to memory does not fail for want of disk. */
    @Override
    public Optional<String> writeFailure() {
        return Optional.empty();
    }

    @Override
    public Backend backend() {
        return BACKEND;
    }

    @Override
    public Optional<Instant> nextDueAt() {
        return locked(() -> bySeq.values().stream().filter(r -> r.state == QUEUED).map(r -> r.runAt)
                .min(Instant::compareTo));
    }

    /** Every later call fails as a closed SQL queue's does; the jobs are gone with this object. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    private <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            if (closed) {
                throw new QueueUnavailableException("the job queue is closed");
            }
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private Optional<Row> row(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    /**
     * The one way a job changes state: checked against the state table; leaving running ends its
     * lease; a move that finishes the job writes its event.
     */
    private Transition move(Row row, Move move, Instant now, Consumer<Row> change) {
        move.check(row.id, row.state);
        JobState from = row.state;
        change.accept(row);
        row.state = move.to();
        if (move.to() != RUNNING) {
            row.leaseOwner = null;
            row.leaseExpiresAt = null;
        }
        if (move.to().isFinal()) {
            JobResult r = move.to() == JobState.SUCCEEDED ? row.result : null;
            JobError error = move.to() == JobState.FAILED && !row.errors.isEmpty() ? row.errors.getLast() : null;
            outbox.record(new Outbox.Event(0, null, row.id, move.to(), now, error == null ? null : error.message(),
                    r == null ? null : r.format(), r == null ? null : r.durationSeconds(), row.spec.reply()));
        }
        return Transition.of(row.id, move, from, now);
    }

    /** A move of a leased job, made only while it is running under that lease's token (else none). */
    private Optional<Transition> moveHeld(Lease lease, Move move, Instant now, Consumer<Row> change) {
        return Optional.ofNullable(held(lease)).map(row -> move(row, move, now, change));
    }

    /** The job of {@code lease}, if the lease still holds it: running, and its token the newest. */
    private Row held(Lease lease) {
        Row row = byId.get(lease.jobId());
        return row != null && row.state == RUNNING && row.fence == lease.token() ? row : null;
    }
}
