package dev.c2a.queue;

import dev.c2a.codec.DurationText;
import dev.c2a.job.Job;
import dev.c2a.job.JobError;
import dev.c2a.job.JobResult;
import dev.c2a.job.JobSpec;
import dev.c2a.job.JobState;
import dev.c2a.job.Move;
import dev.c2a.job.Progress;
import dev.c2a.job.Transition;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The durable job queue and ledger. Every implementation passes the same contract test
 * ({@code JobQueueContract}).
 *
 * <p>Writes that belong to a claim ({@link #heartbeat}, {@link #progress}, {@link #complete},
 * {@link #fail}, {@link #release}, {@link #acknowledgeCancel}) take effect only while the lease's
 * fencing token is still the job's newest; otherwise they change nothing and return {@code false}
 * or no transition, so a worker whose lease was taken over can never overwrite its successor's result.
 *
 * <p>Every write that moves a job returns the {@link Transition} it committed; callers report that,
 * never a state they judged themselves. A move the state table ({@link Move}) does not allow from
 * the job's state throws its {@link dev.c2a.job.IllegalTransitionException}.
 *
 * <p>Compatibility: methods may be added; the meaning of existing ones does not change.
 */
public interface JobQueue extends AutoCloseable {

    /**
     * Registers the one listener told that jobs may be claimable: after each commit here that made
     * some so (submitted, retried, released, recovered), and, on a database other nodes share, after
     * theirs. A hint, never a promise: a worker that wakes and finds nothing waits again.
     */
    void onWork(WorkListener listener);

    /**
     * Hears that {@code jobs} (a hint: at least one; {@link #MANY} when not known, as for other
     * nodes' jobs) may be claimable now.
     */
    @FunctionalInterface
    interface WorkListener {
        int MANY = Integer.MAX_VALUE;

        void work(int jobs);
    }

    /** Commits the job (or finds the one with the same idempotency key) before returning. */
    Enqueued enqueue(JobSpec spec);

    /**
     * {@link #enqueue} and then {@link #claim} for {@code owner}, an idle worker, in one transaction:
     * on an idle queue the new job goes to that worker without a second commit. The claim takes the
     * oldest due job as any claim does, which is the new one unless older ones wait; none when the
     * spec's idempotency key found an existing job.
     */
    default Admitted enqueueAndClaim(JobSpec spec, String owner, Duration leaseTime) {
        return enqueueAndClaim(spec, owner, leaseTime, Set.of());
    }

    /** {@link #enqueueAndClaim}, the claim skipping the jobs of {@code busyEngines} (see {@link #claimEach(List, Duration, Set)}). */
    default Admitted enqueueAndClaim(JobSpec spec, String owner, Duration leaseTime, Set<String> busyEngines) {
        Enqueued e = enqueue(spec);
        return new Admitted(e, e.created() ? claimEach(List.of(owner), leaseTime, busyEngines).stream().findFirst()
                : Optional.empty());
    }

    /** All jobs in one transaction: all are committed, or none. */
    List<Enqueued> enqueueAll(List<JobSpec> specs);

    /**
     * Broker messages in, all in one transaction: each becomes a job (as {@link #enqueue} makes one)
     * together with its inbox row {@code (source, messageId)}, unless that row exists already — a
     * redelivery — which makes no job and names the job the first delivery made. A message whose
     * idempotency key finds an existing job names that job. All are committed, or none.
     *
     * @throws dev.c2a.job.IdempotencyConflictException when one's key is taken by a different request
     */
    List<Received> enqueueMessages(List<Message> messages);

    /** The events this queue's moves wrote, and their deliveries. */
    Outbox outbox();

    /** The nodes, the leader and the desired state, in the same database. */
    Coordination coordination();

    /**
     * Takes the oldest due queued job, or nothing; the lease lasts {@code leaseTime}. A cancel asked
     * for while the job ran before (and was then released) is still asked for: the new holder sees
     * it in the lease's job and stops at once.
     */
    default Optional<Lease> claim(String owner, Duration leaseTime) {
        return claimEach(List.of(owner), leaseTime).stream().findFirst();
    }

    /**
     * Takes up to one job for each of {@code owners} (distinct idle workers), the oldest due first,
     * in one statement: a node with many idle workers fills them with one commit, not one each.
     * Each lease names its owner; which owner gets which job is not specified. A job is claimed as
     * by {@link #claim}.
     */
    default List<Lease> claimEach(List<String> owners, Duration leaseTime) {
        return claimEach(owners, leaseTime, Set.of());
    }

    /**
     * {@link #claimEach(List, Duration)}, skipping jobs whose voice is one of {@code busyEngines}'
     * ({@code engine:voice}): a node whose engine is busy with all the calls it takes leaves that
     * engine's jobs to other nodes, and takes the next job another of its engines can speak.
     */
    List<Lease> claimEach(List<String> owners, Duration leaseTime, Set<String> busyEngines);

    /** Extends the lease; tells whether it is still held and whether a cancel was asked for. */
    Heartbeat heartbeat(Lease lease, Duration leaseTime);

    boolean progress(Lease lease, Progress progress);

    Optional<Transition> complete(Lease lease, JobResult result);

    /**
     * {@link #complete} and then {@link #claim} for the same owner, in one transaction: a busy worker
     * waits for one commit between two jobs instead of two.
     */
    default Handover completeAndClaim(Lease lease, JobResult result, Duration leaseTime) {
        return completeAndClaim(lease, result, leaseTime, Set.of());
    }

    /** {@link #completeAndClaim}, the claim skipping the jobs of {@code busyEngines}. */
    Handover completeAndClaim(Lease lease, JobResult result, Duration leaseTime, Set<String> busyEngines);

    /**
     * Records the error; requeues with backoff while attempts remain ({@link Move#RETRY_LATER}), else
     * the job is failed ({@link Move#FAIL}).
     */
    Optional<Transition> fail(Lease lease, JobError error, boolean retryable);

    /** Back to the queue without counting the attempt (shutdown, drain deadline). */
    Optional<Transition> release(Lease lease);

    /**
     * Back to the queue without counting the attempt, due again after {@code delay}: its engine is
     * unavailable for a while (a remote server's circuit is open), which is no fault of the job.
     */
    Optional<Transition> postpone(Lease lease, Duration delay);

    /** The running job saw its cancel request and stopped. */
    Optional<Transition> acknowledgeCancel(Lease lease);

    /**
     * Queued: cancelled at once. Running: flagged, the worker stops at its next segment (no
     * transition yet; the worker's acknowledgement makes it). Empty when there is no such job.
     *
     * @throws dev.c2a.job.IllegalTransitionException when the job has finished
     */
    Optional<Changed> cancel(String id);

    /**
     * A failed or cancelled job goes back to the queue with a fresh set of attempts.
     *
     * @throws dev.c2a.job.IllegalTransitionException when it is queued, running or succeeded
     */
    Optional<Changed> retry(String id);

    /**
     * Removes a job that is not running, in one guarded statement, and returns it as it was (its
     * result names the files to remove); empty when there is no such job.
     *
     * @throws dev.c2a.job.IllegalTransitionException when the job is running: cancel it first
     */
    Optional<Job> delete(String id);

    /**
     * Running jobs whose lease expired go back to the queue ({@link Move#EXPIRE}); one whose leases
     * expired too often (it keeps killing its worker) is failed as quarantined ({@link
     * Move#QUARANTINE}). Returns the leases that expired with the move each made, so that what their
     * (presumably dead) holders left behind can be cleaned up.
     */
    List<Expired> recoverExpiredLeases();

    /**
     * Removes up to {@code limit} finished jobs (succeeded, failed, cancelled) whose time is up:
     * finished at least their own ttl ago ({@link dev.c2a.job.JobOptions#ttl}), or, without one,
     * {@code retention} ago; under each rule, those that finished first go first. Each leaves a
     * tombstone ({@link #pruned}) in the same transaction, and its input goes with it. Time is the
     * queue's "now", as for leases. Queued and running jobs are never pruned; two nodes pruning at
     * once prune each job once (each returns only the jobs it removed), and a job retried meanwhile
     * is kept.
     *
     * @param retention how long a finished job without a ttl is kept; null: for ever
     * @return the jobs removed, so that their files can be removed after them
     */
    List<Pruned> pruneExpired(Duration retention, int limit);

    /**
     * While the bytes the finished jobs' results store ({@link JobResult#storedBytes}) add up to more
     * than {@code maxBytes}, removes the jobs that finished first among those that store any, up to
     * {@code limit} of them, each with a tombstone, as {@link #pruneExpired} does. A job's ttl does
     * not keep it: the cap keeps the disk from filling. Two nodes at once remove no more than one
     * would.
     */
    List<Pruned> pruneToSize(long maxBytes, int limit);

    /** What is left of a pruned job, while its tombstone is kept; empty for any other id. */
    Optional<Pruned> pruned(String id);

    /** Removes up to {@code limit} tombstones of jobs pruned at least {@code keep} ago; returns how many. */
    int pruneTombstones(Duration keep, int limit);

    Optional<Job> find(String id);

    /**
     * Newest first; {@code cursor} is the {@link Page#nextCursor} of the page before; {@code search},
     * when not null, keeps jobs whose id starts with it or whose text contains it (case-insensitive).
     */
    Page list(JobState state, int limit, String cursor, String search);

    Map<JobState, Long> counts();

    /**
     * Why the last write failed (a full disk, say), or empty when it succeeded: readiness reports a
     * queue that answers reads but cannot write. Cleared by the next write that commits.
     */
    Optional<String> writeFailure();

    /** What this queue is, for status. */
    Backend backend();

    /** When the next queued job becomes due, so idle workers sleep no longer than that. */
    Optional<Instant> nextDueAt();

    @Override
    void close();

    /** A backend's name ("sqlite") and how durable its commits are ("process", "fsync"). */
    record Backend(String name, String durability) {
    }

    /** A broker message to take in: its inbox key and the job it asks for. */
    record Message(String source, String messageId, JobSpec spec) {
    }

    /** The job a message made ({@code created}) or found (a redelivery, or its idempotency key's job). */
    record Received(String jobId, boolean created) {
    }

    record Enqueued(Job job, boolean created) {
        /** The submission, when this call created the job (not when its idempotency key found it). */
        public Optional<Transition> transition() {
            return created ? Optional.of(Transition.of(job.id(), Move.SUBMIT, null, job.queuedAt()))
                    : Optional.empty();
        }
    }

    record Page(List<Job> jobs, String nextCursor) {

        /**
         * The page of {@code limit} jobs out of the up to {@code limit + 1} that a backend fetched newest
         * first: an extra one means another page follows, after the last job's {@link Job#seq}.
         */
        public static Page of(List<Job> fetched, int limit) {
            if (fetched.size() <= limit) {
                return new Page(List.copyOf(fetched), null);
            }
            List<Job> page = List.copyOf(fetched.subList(0, limit));
            return new Page(page, Long.toString(page.get(limit - 1).seq()));
        }

        /** The {@link Job#seq} that {@code cursor} (a {@link #nextCursor}) says the next page starts below. */
        public static long seqBefore(String cursor) {
            return Long.parseLong(cursor);
        }
    }

    /** A submission and the lease an idle worker got in the same commit, if a job was due. */
    record Admitted(Enqueued enqueued, Optional<Lease> lease) {
        /** 1 when the new job is still there for others to claim (the claim took an older one, or none), else 0. */
        public int leftClaimable() {
            boolean taken = lease.map(l -> l.jobId().equals(enqueued.job().id())).orElse(false);
            return enqueued.created() && !taken ? 1 : 0;
        }
    }

    /** The completion, if it held (the lease was still current), and the next job's lease if one was due. */
    record Handover(Optional<Transition> completed, Optional<Lease> next) {
    }

    /** A job after a cancel or retry, and the move it made (none for a running job only flagged to stop). */
    record Changed(Job job, Optional<Transition> transition) {
    }

    /**
     * A pruned job's tombstone: when it went, and why in words ("retention 30d", "ttl 7d",
     * "store-max-bytes").
     */
    record Pruned(String jobId, Instant at, String reason) {
        public static final String STORE_MAX_BYTES = "store-max-bytes";
        /** Every {@link #rule}. */
        public static final List<String> RULES = List.of("retention", "ttl", STORE_MAX_BYTES);

        /** Why a job without a ttl of its own was pruned: "retention 30d". */
        public static String byRetention(Duration kept) {
            return "retention " + DurationText.exact(kept);
        }

        /** Why a job was pruned when its own ttl ran out: "ttl 7d". */
        public static String byTtl(Duration kept) {
            return "ttl " + DurationText.exact(kept);
        }

        /** Which rule pruned it, as a metric label: "retention", "ttl" or "store-max-bytes". */
        public String rule() {
            int space = reason.indexOf(' ');
            return space < 0 ? reason : reason.substring(0, space);
        }
    }

    /** A lease that expired and what recovering its job did. */
    record Expired(Lease lease, Transition transition) {
    }

    record Heartbeat(boolean held, boolean cancelRequested) {
        public static final Heartbeat LOST = new Heartbeat(false, false);
    }
}
