package dev.c2a.queue;

import dev.c2a.job.IllegalTransitionException;
import dev.c2a.job.Job;
import dev.c2a.job.JobError;
import dev.c2a.job.JobResult;
import dev.c2a.job.JobSpec;
import dev.c2a.job.JobState;
import dev.c2a.job.Move;
import dev.c2a.job.Progress;
import dev.c2a.job.Transition;
import dev.c2a.testing.Race;
import dev.c2a.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import static dev.c2a.testing.Specs.aSpec;
import static dev.c2a.testing.Specs.aSpecWithKey;
import static dev.c2a.testing.Specs.aSpecWithTtl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The behaviour every {@link JobQueue} must show. Subclass once per implementation.
 *
 * <p>The tests named {@code two_nodes_...} run a second queue instance on the same database, as
 * another node would open it ({@link #openAnother}), and race the two. Both read the one
 * {@link #clock}, which stands still during a race, so "expired" means the same on both.
 */
public abstract class JobQueueContract {
    protected static final Duration LEASE = Duration.ofSeconds(30);
    protected static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMinutes(5), 2);
    protected final SettableClock clock = new SettableClock();
    protected JobQueue queue;

    private JobQueue other;

    protected abstract JobQueue open(SettableClock clock, RetryPolicy retry);

    /**
     * A second instance on the database of the last {@link #open}, as another node opens it; empty
     * when the implementation cannot have two (the two-node tests are then skipped).
     */
    protected abstract Optional<JobQueue> openAnother(SettableClock clock, RetryPolicy retry);

    @BeforeEach
    void openQueue() {
        queue = open(clock, RETRY);
    }

    @AfterEach
    void closeQueue() {
        if (other != null) {
            other.close();
        }
        queue.close();
    }

    /** Whether a second instance hears of the first's jobs ({@link JobQueue#onWork}) without polling. */
    protected boolean instancesHearEachOther() {
        return false;
    }

    /** The second node's queue; skips the test when the implementation has none. */
    private JobQueue otherNode() {
        Optional<JobQueue> opened = openAnother(clock, RETRY);
        assumeTrue(opened.isPresent(), "this implementation cannot open a second instance on the same store");
        other = opened.get();
        return other;
    }

    private static JobResult aResult() {
        return new JobResult("x.wav", 1.5, 1000, 22050, "wav", 1, null, null, null);
    }

    private JobError anError(String message) {
        return new JobError(1, message, "stderr line", clock.instant());
    }

    @Test
    void enqueue_commits_a_queued_job_that_find_returns_with_a_preview_of_its_text() {
        Job job = queue.enqueue(aSpec("Hello there.")).job();
        Job big = queue.enqueue(aSpec("x".repeat(5000))).job();

        Job found = queue.find(job.id()).orElseThrow();
        assertThat(found.state()).isEqualTo(JobState.QUEUED);
        assertThat(found.textPreview()).isEqualTo("Hello there.");
        assertThat(found.textLength()).isEqualTo(12);
        assertThat(found.spec().text()).as("only a claim loads the whole text").isNull();
        assertThat(queue.find(big.id()).orElseThrow().textPreview()).hasSize(200);
        assertThat(found.queuedAt()).isEqualTo(clock.instant());
        assertThat(found.attempts()).isZero();
    }

    @Test
    void a_repeated_idempotency_key_returns_the_first_job() {
        JobQueue.Enqueued first = queue.enqueue(aSpecWithKey("one", "k-1"));
        JobQueue.Enqueued second = queue.enqueue(aSpecWithKey("one", "k-1"));

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.job().id()).isEqualTo(first.job().id());
        assertThat(queue.counts().get(JobState.QUEUED)).isEqualTo(1);
    }

    @Test
    void enqueue_and_claim_hands_the_new_job_to_an_idle_worker_or_the_older_job_that_waits() {
        JobQueue.Admitted admitted = queue.enqueueAndClaim(aSpec("new"), "w1", LEASE);

        Lease lease = admitted.lease().orElseThrow();
        assertThat(lease.jobId()).isEqualTo(admitted.enqueued().job().id());
        assertThat(admitted.enqueued().created()).isTrue();
        assertThat(lease.owner()).isEqualTo("w1");
        Job running = queue.find(lease.jobId()).orElseThrow();
        assertThat(running.state()).isEqualTo(JobState.RUNNING);
        assertThat(running.attempts()).isEqualTo(1);
        assertThat(queue.heartbeat(lease, LEASE).held()).isTrue();

        Job older = queue.enqueue(aSpec("older")).job();
        clock.advance(Duration.ofMillis(1));
        JobQueue.Admitted second = queue.enqueueAndClaim(aSpec("newer"), "w2", LEASE);
        assertThat(second.lease()).map(Lease::jobId).as("the oldest due job goes first").contains(older.id());
        assertThat(queue.find(second.enqueued().job().id())).map(Job::state).contains(JobState.QUEUED);

        queue.enqueue(aSpecWithKey("keyed", "k-hand"));
        JobQueue.Admitted repeated = queue.enqueueAndClaim(aSpecWithKey("keyed", "k-hand"), "w3", LEASE);
        assertThat(repeated.enqueued().created()).isFalse();
        assertThat(repeated.lease()).as("a repeated submission starts nothing").isEmpty();
    }

    @Test
    void an_idempotency_key_with_a_different_request_is_refused_naming_the_first_job() {
        JobQueue.Enqueued first = queue.enqueue(aSpecWithKey("one", "k-2"));

        assertThatThrownBy(() -> queue.enqueue(aSpecWithKey("two", "k-2")))
                .isInstanceOf(dev.c2a.job.IdempotencyConflictException.class)
                .hasMessageContaining(first.job().id());
        assertThat(queue.counts().get(JobState.QUEUED)).isEqualTo(1);
    }

    @Test
    void a_job_that_is_not_running_is_deleted_and_a_running_one_is_kept() {
        Job queued = queue.enqueue(aSpec("queued")).job();
        Job other = queue.enqueue(aSpec("other")).job();
        Lease running = queue.claim("w1", LEASE).orElseThrow();
        String waiting = running.jobId().equals(queued.id()) ? other.id() : queued.id();

        assertThat(queue.delete(waiting)).map(Job::id).contains(waiting);
        assertThat(queue.find(waiting)).isEmpty();
        assertThat(queue.delete(waiting)).isEmpty();
        assertThatThrownBy(() -> queue.delete(running.jobId()))
                .isInstanceOf(dev.c2a.job.IllegalTransitionException.class)
                .hasMessageContaining("is running; cancel it first");
        assertThat(queue.find(running.jobId())).map(Job::state).contains(JobState.RUNNING);
        assertThat(queue.heartbeat(running, LEASE).held()).isTrue();
    }

    @Test
    void a_batch_is_committed_whole_or_not_at_all() {
        assertThatThrownBy(() -> queue.enqueueAll(List.of(aSpec("fine"), aSpec(null))))
                .isInstanceOf(RuntimeException.class);
        assertThat(queue.counts().get(JobState.QUEUED)).isZero();

        assertThat(queue.enqueueAll(List.of(aSpec("a"), aSpec("b")))).hasSize(2);
        assertThat(queue.counts().get(JobState.QUEUED)).isEqualTo(2);
    }

    @Test
    void claim_takes_the_oldest_job_first_and_counts_the_attempt() {
        Job first = queue.enqueue(aSpec("first")).job();
        queue.enqueue(aSpec("second"));

        Lease lease = queue.claim("w1", LEASE).orElseThrow();
        assertThat(lease.jobId()).isEqualTo(first.id());
        assertThat(lease.job().state()).isEqualTo(JobState.RUNNING);
        assertThat(lease.job().attempts()).isEqualTo(1);
        assertThat(lease.job().spec().text()).isEqualTo("first");
        assertThat(lease.expiresAt()).isEqualTo(clock.instant().plus(LEASE));
    }

    @Test
    void claim_skips_jobs_whose_lease_is_still_held() {
        queue.enqueue(aSpec("only"));
        assertThat(queue.claim("w1", LEASE)).isPresent();

        clock.advance(LEASE.minusSeconds(1));
        queue.recoverExpiredLeases();
        assertThat(queue.claim("w2", LEASE)).isEmpty();
    }

    @Test
    void claims_pass_over_the_jobs_of_busy_engines_oldest_first_among_the_rest() {
        BiFunction<String, String, String> job = (text, voice) ->
                queue.enqueue(JobSpec.plain(text, voice, "wav", 1.0, null)).job().id();
        String gated = job.apply("gated", "gate:en");
        String slt = job.apply("flite", "flite:slt");
        String alsoGated = job.apply("also gated", "gate:de");
        String similar = job.apply("similar", "gateway:en");

        // an engine is its name whole, matched exactly: not a pattern ("g_te", "ga%"), not another case
        assertThat(queue.claimEach(List.of("w0"), LEASE, Set.of("g_te", "ga%", "GATE", "gate:")))
                .extracting(Lease::jobId).containsExactly(gated);
        Lease flite = queue.claimEach(List.of("w1"), LEASE, Set.of("gate")).getFirst();
        assertThat(flite.jobId()).isEqualTo(slt);
        Lease next = queue.completeAndClaim(flite, aResult(), LEASE, Set.of("gate")).next().orElseThrow();
        assertThat(next.jobId()).as("past the older gate:de, and gateway is not gate").isEqualTo(similar);
        assertThat(queue.claimEach(List.of("w3", "w4"), LEASE, Set.of("gate"))).isEmpty();
        JobQueue.Admitted admitted = queue.enqueueAndClaim(JobSpec.plain("new", "gate:fr", "wav", 1.0, null), "w5",
                LEASE, Set.of("gate"));
        assertThat(admitted.lease()).as("the new job's engine is busy too").isEmpty();
        assertThat(queue.claimEach(List.of("w6", "w7"), LEASE, Set.of("flite"))).extracting(Lease::jobId)
                .containsExactlyInAnyOrder(alsoGated, admitted.enqueued().job().id());
    }

    @Test
    void claim_each_takes_one_oldest_job_for_each_owner_while_there_are_jobs() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(queue.enqueue(aSpec("job " + i)).job().id());
        }

        List<Lease> two = queue.claimEach(List.of("w1", "w2"), LEASE);
        assertThat(two).extracting(Lease::jobId).as("the two oldest").containsExactlyInAnyOrder(ids.get(0), ids.get(1));
        assertThat(two).extracting(Lease::owner).containsExactlyInAnyOrder("w1", "w2");
        for (Lease lease : two) {
            assertThat(lease.job().state()).isEqualTo(JobState.RUNNING);
            assertThat(lease.job().attempts()).isEqualTo(1);
            assertThat(lease.job().spec().text()).as("a claim loads the whole text").startsWith("job ");
            assertThat(lease.expiresAt()).isEqualTo(clock.instant().plus(LEASE));
            assertThat(queue.heartbeat(lease, LEASE).held()).as("%s holds %s", lease.owner(), lease.jobId()).isTrue();
        }

        List<Lease> rest = queue.claimEach(List.of("w3", "w4", "w5"), LEASE);
        assertThat(rest).as("one job left for three idle workers").hasSize(1);
        assertThat(rest.getFirst().jobId()).isEqualTo(ids.get(2));
        assertThat(List.of("w3", "w4", "w5")).contains(rest.getFirst().owner());
        assertThat(queue.claimEach(List.of("w6", "w7"), LEASE)).isEmpty();
        assertThat(queue.counts().get(JobState.RUNNING)).isEqualTo(3);
        assertThat(queue.claimEach(List.of(), LEASE)).isEmpty();
    }

    @Test
    void concurrent_claims_never_hand_one_job_to_two_workers() throws Exception {
        for (int i = 0; i < 200; i++) {
            queue.enqueue(aSpec("job " + i));
        }
        Set<String> claimed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger duplicates = new java.util.concurrent.atomic.AtomicInteger();
        // why: a claimer that dies of an error would go unnoticed while the others finish its work
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            String owner = "w" + t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    while (true) {
                        var lease = queue.claim(owner, LEASE);
                        if (lease.isEmpty()) {
                            return;
                        }
                        if (!claimed.add(lease.get().jobId())) {
                            duplicates.incrementAndGet();
                        }
                        queue.complete(lease.get(), aResult());
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(errors).isEmpty();
        assertThat(duplicates.get()).isZero();
        assertThat(claimed).hasSize(200);
        assertThat(queue.counts().get(JobState.SUCCEEDED)).isEqualTo(200);
    }

    @Test
    void complete_stores_the_result_and_finish_time() {
        queue.enqueue(aSpec("x"));
        Lease lease = queue.claim("w1", LEASE).orElseThrow();
        clock.advance(Duration.ofSeconds(2));

        assertThat(queue.complete(lease, aResult())).contains(new Transition(lease.jobId(), Move.SUCCEED,
                JobState.RUNNING, JobState.SUCCEEDED, clock.instant()));

        Job done = queue.find(lease.jobId()).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.result()).isEqualTo(aResult());
        assertThat(done.finishedAt()).isEqualTo(clock.instant());
        assertThat(done.progress()).as("every segment spoken").isEqualTo(new Progress(1, 1, 0, 0));
    }

    @Test
    void complete_and_claim_hands_the_worker_its_next_job_in_the_same_commit() {
        queue.enqueue(aSpec("first"));
        Job second = queue.enqueue(aSpec("second")).job();
        Lease first = queue.claim("w1", LEASE).orElseThrow();

        JobQueue.Handover handover = queue.completeAndClaim(first, aResult(), LEASE);

        assertThat(handover.completed()).map(Transition::move).contains(Move.SUCCEED);
        assertThat(queue.find(first.jobId()).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        Lease next = handover.next().orElseThrow();
        assertThat(next.jobId()).isEqualTo(second.id());
        assertThat(next.owner()).isEqualTo("w1");
        assertThat(next.transition()).isEqualTo(new Transition(second.id(), Move.CLAIM, JobState.QUEUED,
                JobState.RUNNING, clock.instant()));
        JobQueue.Handover last = queue.completeAndClaim(next, aResult(), LEASE);
        assertThat(last.completed()).map(Transition::jobId).contains(second.id());
        assertThat(last.next()).isEmpty();
    }

    @Test
    void complete_and_claim_with_a_stale_lease_completes_nothing() {
        queue.enqueue(aSpec("x"));
        Lease stale = queue.claim("w1", LEASE).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));
        queue.recoverExpiredLeases();

        JobQueue.Handover handover = queue.completeAndClaim(stale, aResult(), LEASE);

        assertThat(handover.completed()).isEmpty();
        Lease retaken = handover.next().orElseThrow();
        assertThat(retaken.jobId()).isEqualTo(stale.jobId());
        assertThat(retaken.token()).isGreaterThan(stale.token());
    }

    @Test
    void a_worker_whose_lease_was_taken_over_cannot_complete_fail_or_report_progress() {
        Job job = queue.enqueue(aSpec("x")).job();
        Lease stale = queue.claim("w1", LEASE).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));
        assertThat(queue.recoverExpiredLeases()).hasSize(1);
        Lease fresh = queue.claim("w2", LEASE).orElseThrow();
        assertThat(fresh.token()).isGreaterThan(stale.token());

        assertThat(queue.complete(stale, aResult())).isEmpty();
        assertThat(queue.fail(stale, anError("late"), true)).isEmpty();
        assertThat(queue.progress(stale, new Progress(1, 2))).isFalse();
        assertThat(queue.heartbeat(stale, LEASE).held()).isFalse();
        assertThat(queue.release(stale)).isEmpty();
        assertThat(queue.postpone(stale, Duration.ofMinutes(1))).isEmpty();
        assertThat(queue.acknowledgeCancel(stale)).isEmpty();

        assertThat(queue.complete(fresh, aResult())).isPresent();
        assertThat(queue.find(job.id()).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void heartbeat_extends_the_lease_so_it_does_not_expire() {
        queue.enqueue(aSpec("x"));
        Lease lease = queue.claim("w1", LEASE).orElseThrow();
        clock.advance(LEASE.minusSeconds(5));
        assertThat(queue.heartbeat(lease, LEASE).held()).isTrue();
        clock.advance(LEASE.minusSeconds(5));

        assertThat(queue.recoverExpiredLeases()).isEmpty();
        assertThat(queue.progress(lease, new Progress(1, 3))).isTrue();
        assertThat(queue.find(lease.jobId()).orElseThrow().progress()).isEqualTo(new Progress(1, 3));
    }

    @Test
    void an_expired_lease_requeues_the_job_without_using_up_an_attempt() {
        Job job = queue.enqueue(aSpec("x")).job();
        Lease dead = queue.claim("w1", LEASE).orElseThrow();
        clock.advance(LEASE.plusMillis(1));

        assertThat(queue.recoverExpiredLeases()).singleElement().satisfies(expired -> {
            assertThat(expired.lease().jobId()).isEqualTo(job.id());
            assertThat(expired.lease().token()).as("names the dead holder's files").isEqualTo(dead.token());
            assertThat(expired.lease().owner()).isEqualTo("w1");
            assertThat(expired.transition()).isEqualTo(new Transition(job.id(), Move.EXPIRE, JobState.RUNNING,
                    JobState.QUEUED, clock.instant()));
        });

        Job requeued = queue.find(job.id()).orElseThrow();
        assertThat(requeued.state()).isEqualTo(JobState.QUEUED);
        assertThat(requeued.attempts()).isZero();
        assertThat(requeued.lastError().message()).contains("lease expired");
    }

    @Test
    void a_job_whose_lease_keeps_expiring_is_quarantined_with_the_reason() {
        Job job = queue.enqueue(aSpec("poison")).job();
        List<JobQueue.Expired> last = List.of();
        for (int i = 0; i < RETRY.quarantineAfter(); i++) {
            queue.claim("w", LEASE).orElseThrow();
            clock.advance(LEASE.plusSeconds(1));
            last = queue.recoverExpiredLeases();
        }
        assertThat(last).singleElement().extracting(e -> e.transition().move()).isEqualTo(Move.QUARANTINE);
        Job failed = queue.find(job.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.lastError().message()).startsWith("quarantined");
    }

    @Test
    void a_quarantined_job_retried_by_hand_starts_counting_its_lease_expiries_again() {
        Job job = queue.enqueue(aSpec("poison")).job();
        for (int i = 0; i < RETRY.quarantineAfter(); i++) {
            queue.claim("w", LEASE).orElseThrow();
            clock.advance(LEASE.plusSeconds(1));
            queue.recoverExpiredLeases();
        }
        queue.retry(job.id());

        queue.claim("w", LEASE).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));
        assertThat(queue.recoverExpiredLeases()).singleElement().extracting(e -> e.transition().move())
                .isEqualTo(Move.EXPIRE);
    }

    @Test
    void a_failed_attempt_is_retried_after_a_backoff_then_failed_with_its_history() {
        Job job = queue.enqueue(aSpec("x")).job();
        for (int attempt = 1; attempt <= RETRY.maxAttempts(); attempt++) {
            Lease lease = queue.claim("w1", LEASE).orElseThrow();
            Transition next = queue.fail(lease, anError("engine broke " + attempt), true).orElseThrow();
            if (attempt < RETRY.maxAttempts()) {
                assertThat(next).isEqualTo(new Transition(job.id(), Move.RETRY_LATER, JobState.RUNNING,
                        JobState.QUEUED, clock.instant()));
                Job waiting = queue.find(job.id()).orElseThrow();
                Duration delay = Duration.between(clock.instant(), waiting.runAt());
                Duration ceiling = RETRY.baseDelay().multipliedBy(1L << (attempt - 1));
                assertThat(delay).isBetween(ceiling.dividedBy(2), ceiling);
                assertThat(queue.claim("w1", LEASE)).as("not due before its backoff").isEmpty();
                clock.advance(delay);
            } else {
                assertThat(next).isEqualTo(new Transition(job.id(), Move.FAIL, JobState.RUNNING, JobState.FAILED,
                        clock.instant()));
            }
        }
        Job failed = queue.find(job.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.errors()).extracting(JobError::message)
                .containsExactly("engine broke 1", "engine broke 2", "engine broke 3");
        assertThat(failed.lastError().stderr()).isEqualTo("stderr line");
    }

    @Test
    void a_failure_that_is_not_retryable_fails_at_once() {
        queue.enqueue(aSpec("x"));
        Lease lease = queue.claim("w1", LEASE).orElseThrow();
        assertThat(queue.fail(lease, anError("bad input"), false)).map(Transition::move).contains(Move.FAIL);
    }

    @Test
    void release_puts_the_job_back_without_counting_the_attempt() {
        Job job = queue.enqueue(aSpec("x")).job();
        Lease lease = queue.claim("w1", LEASE).orElseThrow();

        assertThat(queue.release(lease)).contains(new Transition(job.id(), Move.RELEASE, JobState.RUNNING,
                JobState.QUEUED, clock.instant()));

        Job back = queue.find(job.id()).orElseThrow();
        assertThat(back.state()).isEqualTo(JobState.QUEUED);
        assertThat(back.attempts()).isZero();
        assertThat(queue.claim("w2", LEASE)).isPresent();
    }

    @Test
    void postpone_puts_the_job_back_due_after_the_delay_without_counting_the_attempt() {
        Job job = queue.enqueue(aSpec("x")).job();
        Lease lease = queue.claim("w1", LEASE).orElseThrow();

        assertThat(queue.postpone(lease, Duration.ofSeconds(30))).contains(new Transition(job.id(), Move.RELEASE,
                JobState.RUNNING, JobState.QUEUED, clock.instant()));

        Job back = queue.find(job.id()).orElseThrow();
        assertThat(back.attempts()).isZero();
        assertThat(back.runAt()).isEqualTo(clock.instant().plusSeconds(30));
        assertThat(queue.nextDueAt()).contains(clock.instant().plusSeconds(30));
        clock.advance(Duration.ofSeconds(29));
        assertThat(queue.claim("w2", LEASE)).as("not due before its delay").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(queue.claim("w2", LEASE)).isPresent();
    }

    @Test
    void cancel_stops_a_queued_job_at_once_and_flags_a_running_one() {
        Job queued = queue.enqueue(aSpec("a")).job();
        Job running = queue.enqueue(aSpec("b")).job();
        JobQueue.Changed cancelled = queue.cancel(queued.id()).orElseThrow();
        assertThat(cancelled.job().state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.transition()).contains(new Transition(queued.id(), Move.CANCEL, JobState.QUEUED,
                JobState.CANCELLED, clock.instant()));
        Lease lease = queue.claim("w1", LEASE).orElseThrow();
        assertThat(lease.jobId()).isEqualTo(running.id());

        JobQueue.Changed flagged = queue.cancel(running.id()).orElseThrow();
        assertThat(flagged.job().state()).isEqualTo(JobState.RUNNING);
        assertThat(flagged.job().cancelRequested()).isTrue();
        assertThat(flagged.transition()).as("the worker's acknowledgement makes the move").isEmpty();
        assertThat(queue.heartbeat(lease, LEASE).cancelRequested()).isTrue();

        assertThat(queue.acknowledgeCancel(lease)).map(Transition::from).contains(JobState.RUNNING);
        assertThat(queue.find(running.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(queue.cancel("no-such-job")).isEmpty();
        assertThatThrownBy(() -> queue.cancel(queued.id())).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("was cancelled; only queued or running jobs can be cancelled");
    }

    @Test
    void a_cancel_asked_for_before_a_release_reaches_the_next_holder() {
        Job job = queue.enqueue(aSpec("x")).job();
        Lease first = queue.claim("w1", LEASE).orElseThrow();
        queue.cancel(job.id());
        queue.release(first);

        Lease next = queue.claim("w2", LEASE).orElseThrow();

        assertThat(next.job().cancelRequested()).as("the cancel is not lost").isTrue();
        assertThat(queue.acknowledgeCancel(next)).map(Transition::to).contains(JobState.CANCELLED);
    }

    @Test
    void retry_requeues_a_failed_job_with_fresh_attempts_and_keeps_its_history() {
        Job job = queue.enqueue(aSpec("x")).job();
        Lease lease = queue.claim("w1", LEASE).orElseThrow();
        queue.fail(lease, anError("boom"), false);

        JobQueue.Changed retried = queue.retry(job.id()).orElseThrow();
        Job again = retried.job();

        assertThat(retried.transition()).contains(new Transition(job.id(), Move.RETRY, JobState.FAILED,
                JobState.QUEUED, clock.instant()));
        assertThat(again.state()).isEqualTo(JobState.QUEUED);
        assertThat(again.attempts()).isZero();
        assertThat(again.errors()).hasSize(1);
        assertThat(queue.claim("w1", LEASE)).isPresent();
    }

    @Test
    void retry_of_a_job_that_did_not_fail_or_was_not_cancelled_is_refused_by_the_state_table() {
        queue.enqueue(aSpec("x"));
        Job queued = queue.enqueue(aSpec("y")).job();
        Lease lease = queue.claim("w1", LEASE).orElseThrow();

        assertThatThrownBy(() -> queue.retry(lease.jobId())).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("is running; only failed or cancelled jobs can be retried");
        assertThatThrownBy(() -> queue.retry(queued.id())).isInstanceOf(IllegalTransitionException.class);
        queue.complete(lease, aResult());
        assertThatThrownBy(() -> queue.retry(lease.jobId())).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("has succeeded; only failed or cancelled jobs can be retried");
        assertThat(queue.find(lease.jobId()).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(queue.retry("no-such-job")).isEmpty();
    }

    @Test
    void list_pages_newest_first_and_filters_by_state() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(queue.enqueue(aSpec("job " + i)).job().id());
        }
        queue.cancel(ids.get(4));

        JobQueue.Page first = queue.list(null, 2, null, null);
        JobQueue.Page second = queue.list(null, 2, first.nextCursor(), null);
        JobQueue.Page last = queue.list(null, 2, second.nextCursor(), null);

        assertThat(first.jobs()).extracting(Job::id).containsExactly(ids.get(4), ids.get(3));
        assertThat(second.jobs()).extracting(Job::id).containsExactly(ids.get(2), ids.get(1));
        assertThat(last.jobs()).extracting(Job::id).containsExactly(ids.get(0));
        assertThat(last.nextCursor()).isNull();
        assertThat(queue.list(JobState.CANCELLED, 10, null, null).jobs()).extracting(Job::id).containsExactly(ids.get(4));
        assertThat(first.jobs().get(0).spec().text()).as("listings do not load the text").isNull();
    }

    @Test
    void search_finds_jobs_by_id_prefix_or_by_words_of_their_text_and_wildcards_are_plain_characters() {
        String apples = queue.enqueue(aSpec("I like Apples and pears.")).job().id();
        String percent = queue.enqueue(aSpec("It rose 50% today.")).job().id();
        queue.enqueue(aSpec("Nothing to see_here."));

        assertThat(queue.list(null, 10, null, "apples").jobs()).extracting(Job::id).containsExactly(apples);
        assertThat(queue.list(null, 10, null, apples.substring(0, 12)).jobs()).extracting(Job::id).contains(apples);
        assertThat(queue.list(null, 10, null, "50%").jobs()).extracting(Job::id).containsExactly(percent);
        assertThat(queue.list(null, 10, null, "%").jobs()).extracting(Job::id).containsExactly(percent);
        assertThat(queue.list(null, 10, null, "e_h").jobs()).hasSize(1);
        assertThat(queue.list(null, 10, null, "x_y").jobs()).isEmpty();
        assertThat(queue.list(JobState.FAILED, 10, null, "apples").jobs()).isEmpty();
    }

    @Test
    void search_ignores_case_beyond_ascii_and_reads_no_further_than_the_searched_start_of_a_text() {
        String apples = queue.enqueue(aSpec("Die Äpfel sind reif.")).job().id();
        String late = queue.enqueue(aSpec("x".repeat(JobSearch.INDEXED_CHARS) + " kumquat")).job().id();

        assertThat(queue.list(null, 10, null, "ÄPFEL").jobs()).extracting(Job::id).containsExactly(apples);
        assertThat(queue.list(null, 10, null, "äpfel SIND").jobs()).extracting(Job::id).containsExactly(apples);
        assertThat(queue.list(null, 10, null, "Ä").jobs()).extracting(Job::id).containsExactly(apples);
        assertThat(queue.list(null, 10, null, "kumquat").jobs()).as("beyond the searched start").isEmpty();
        assertThat(queue.list(null, 10, null, "xxx").jobs()).extracting(Job::id).containsExactly(late);
    }

    @Test
    void counts_cover_every_state_and_next_due_is_the_earliest_queued_run_time() {
        assertThat(queue.nextDueAt()).isEmpty();
        queue.enqueue(aSpec("a"));
        Instant firstDue = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        queue.enqueue(aSpec("b"));

        assertThat(queue.counts()).containsEntry(JobState.QUEUED, 2L).containsEntry(JobState.FAILED, 0L);
        assertThat(queue.nextDueAt()).contains(firstDue);
        queue.claim("w1", LEASE).orElseThrow();
        assertThat(queue.nextDueAt()).as("only queued jobs are due").contains(firstDue.plusSeconds(1));
        Set<JobState> all = new HashSet<>(queue.counts().keySet());
        assertThat(all).containsExactlyInAnyOrder(JobState.values());
    }

    @Test
    void deleting_a_job_frees_its_idempotency_key_for_a_new_job() {
        Job first = queue.enqueue(aSpecWithKey("one", "k-3")).job();
        queue.cancel(first.id());
        queue.delete(first.id());

        JobQueue.Enqueued again = queue.enqueue(aSpecWithKey("a different request", "k-3"));

        assertThat(again.created()).as("the key names no job any more").isTrue();
        assertThat(again.job().id()).isNotEqualTo(first.id());
        assertThat(queue.enqueue(aSpecWithKey("a different request", "k-3")).created()).isFalse();
    }

    @Test
    void a_lease_holds_through_its_expiry_instant_and_expires_just_after() {
        queue.enqueue(aSpec("x"));
        Lease lease = queue.claim("w1", LEASE).orElseThrow();

        clock.advance(Duration.between(clock.instant(), lease.expiresAt()));
        assertThat(queue.recoverExpiredLeases()).as("at the instant itself").isEmpty();
        assertThat(queue.heartbeat(lease, Duration.ZERO).held()).isTrue();

        clock.advance(Duration.ofMillis(1));
        assertThat(queue.recoverExpiredLeases()).singleElement().extracting(e -> e.lease().token())
                .isEqualTo(lease.token());
    }

    @Test
    void the_work_listener_hears_of_claimable_jobs_once_they_are_committed() {
        List<Integer> heard = new CopyOnWriteArrayList<>();
        List<Long> queuedWhenHeard = new CopyOnWriteArrayList<>();
        queue.onWork(jobs -> {
            heard.add(jobs);
            queuedWhenHeard.add(queue.counts().get(JobState.QUEUED));
        });

        queue.enqueue(aSpec("one"));
        assertThat(heard).containsExactly(1);
        assertThat(queuedWhenHeard).as("committed before the listener hears").containsExactly(1L);
        queue.enqueueAll(List.of(aSpec("two"), aSpec("three"), aSpec("four")));
        assertThat(heard).containsExactly(1, 3);

        heard.clear();
        Lease postponed = queue.claim("w1", LEASE).orElseThrow();
        queue.postpone(postponed, Duration.ofMinutes(1));
        assertThat(heard).as("a job due later is not claimable now").isEmpty();
        Lease released = queue.claim("w1", LEASE).orElseThrow();
        queue.release(released);
        assertThat(heard).containsExactly(1);

        heard.clear();
        Lease failing = queue.claim("w1", LEASE).orElseThrow();
        queue.fail(failing, anError("bad"), false);
        assertThat(heard).as("a failure makes nothing claimable").isEmpty();
        queue.retry(failing.jobId());
        assertThat(heard).containsExactly(1);

        heard.clear();
        queue.claim("w1", LEASE).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));
        assertThat(queue.recoverExpiredLeases()).hasSize(1);
        assertThat(heard).as("an expired lease's job is back in the queue").containsExactly(1);
    }

    @Test
    void a_job_an_idle_worker_took_in_its_own_commit_wakes_no_one() {
        List<Integer> heard = new CopyOnWriteArrayList<>();
        queue.onWork(heard::add);

        assertThat(queue.enqueueAndClaim(aSpec("mine"), "w1", LEASE).lease()).isPresent();
        assertThat(heard).isEmpty();
        queue.enqueue(aSpec("older"));
        heard.clear();
        queue.enqueueAndClaim(aSpec("newer"), "w2", LEASE);
        assertThat(heard).as("the older job was taken: the new one waits").containsExactly(1);
    }

    // ---- retention: pruning finished jobs by age, by a size cap, and their tombstones

    private static final Duration MONTH = Duration.ofDays(30);

    /** A job that ends in {@code state} now: succeeded (storing {@code storedBytes}), failed or cancelled. */
    private Job finished(JobState state, JobSpec spec, long storedBytes) {
        Job job = queue.enqueue(spec).job();
        if (state == JobState.CANCELLED) {
            queue.cancel(job.id()).orElseThrow();
        } else {
            Lease lease = queue.claim("w", LEASE).orElseThrow();
            assertThat(lease.jobId()).as("no other job waits").isEqualTo(job.id());
            if (state == JobState.SUCCEEDED) {
                queue.complete(lease, new JobResult(job.id() + "-1.wav", 1.5, storedBytes / 2, 22050, "wav", 1,
                        null, null, storedBytes)).orElseThrow();
            } else {
                queue.fail(lease, anError("broken"), false).orElseThrow();
            }
        }
        return queue.find(job.id()).orElseThrow();
    }

    private Job succeeded(String text, long storedBytes) {
        return finished(JobState.SUCCEEDED, aSpec(text), storedBytes);
    }

    @Test
    void finished_jobs_are_pruned_once_their_retention_has_passed_each_leaving_a_tombstone() {
        List<String> ids = new ArrayList<>();
        for (JobState state : List.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)) {
            ids.add(finished(state, aSpecWithKey(state + " job", "key-" + state), 1000).id());
        }
        clock.advance(MONTH.minusMillis(1));
        assertThat(queue.pruneExpired(MONTH, 100)).as("a millisecond early").isEmpty();

        clock.advance(Duration.ofMillis(1));
        List<JobQueue.Pruned> pruned = queue.pruneExpired(MONTH, 100);

        assertThat(pruned).extracting(JobQueue.Pruned::jobId).containsExactlyInAnyOrderElementsOf(ids);
        for (String id : ids) {
            assertThat(queue.find(id)).isEmpty();
            JobQueue.Pruned tombstone = queue.pruned(id).orElseThrow();
            assertThat(tombstone).isEqualTo(new JobQueue.Pruned(id, clock.instant(), "retention 30d"));
            assertThat(tombstone.rule()).isEqualTo("retention");
        }
        assertThat(pruned).containsExactlyInAnyOrderElementsOf(ids.stream().map(id -> queue.pruned(id).orElseThrow())
                .toList());
        assertThat(queue.counts()).isEqualTo(recount()).containsEntry(JobState.SUCCEEDED, 0L);
        assertThat(queue.pruneExpired(MONTH, 100)).isEmpty();
        assertThat(queue.pruned("no-such-job")).isEmpty();
        assertThat(queue.enqueue(aSpecWithKey("a new request", "key-" + JobState.SUCCEEDED)).created())
                .as("a pruned job's idempotency key names no job any more").isTrue();
    }

    @Test
    void without_a_retention_finished_jobs_are_kept_for_ever() {
        Job job = succeeded("kept", 1000);
        clock.advance(Duration.ofDays(36_500));

        assertThat(queue.pruneExpired(null, 100)).isEmpty();
        assertThat(queue.find(job.id())).isPresent();
    }

    @Test
    void a_jobs_own_ttl_overrides_the_retention_whether_shorter_or_longer() {
        Job hour = finished(JobState.SUCCEEDED, aSpecWithTtl("an hour", "1h"), 1000);
        Job twoMonths = finished(JobState.FAILED, aSpecWithTtl("two months", "60d"), 0);
        Job plain = succeeded("as the setting says", 1000);

        clock.advance(Duration.ofHours(1));
        assertThat(queue.pruneExpired(MONTH, 100)).containsExactly(new JobQueue.Pruned(hour.id(), clock.instant(),
                "ttl 1h"));
        clock.advance(MONTH.minusHours(1));
        assertThat(queue.pruneExpired(MONTH, 100)).containsExactly(new JobQueue.Pruned(plain.id(), clock.instant(),
                "retention 30d"));
        clock.advance(MONTH.minusMillis(1));
        assertThat(queue.pruneExpired(MONTH, 100)).as("its ttl is longer than the retention").isEmpty();
        assertThat(queue.find(twoMonths.id())).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(queue.pruneExpired(null, 100)).as("a ttl holds without a retention too")
                .containsExactly(new JobQueue.Pruned(twoMonths.id(), clock.instant(), "ttl 60d"));
        assertThat(queue.pruned(twoMonths.id())).map(JobQueue.Pruned::rule).contains("ttl");
    }

    @Test
    void queued_and_running_jobs_are_never_pruned_however_old() {
        Job stored = succeeded("stores audio", 1000);
        Job failed = finished(JobState.FAILED, aSpec("stores nothing"), 0);
        Job retried = finished(JobState.FAILED, aSpecWithTtl("failed, then retried", "1m"), 0);
        queue.retry(retried.id()).orElseThrow();
        Lease running = queue.claim("w", LEASE).orElseThrow();
        Job queued = queue.enqueue(aSpecWithTtl("waits", "1m")).job();

        clock.advance(Duration.ofDays(3650));

        assertThat(queue.pruneToSize(0, 100)).extracting(JobQueue.Pruned::jobId).containsExactly(stored.id());
        assertThat(queue.pruneExpired(Duration.ofMinutes(1), 100)).extracting(JobQueue.Pruned::jobId)
                .containsExactly(failed.id());
        assertThat(queue.find(queued.id())).map(Job::state).contains(JobState.QUEUED);
        assertThat(queue.find(running.jobId())).map(Job::state).contains(JobState.RUNNING);
        assertThat(queue.heartbeat(running, LEASE).held()).isTrue();
        assertThat(queue.pruned(queued.id())).isEmpty();
    }

    @Test
    void jobs_are_pruned_in_batches_the_soonest_ended_first() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(succeeded("job " + i, 1000).id());
            clock.advance(Duration.ofMinutes(1));
        }
        clock.advance(MONTH);

        assertThat(queue.pruneExpired(MONTH, 2)).extracting(JobQueue.Pruned::jobId)
                .containsExactlyInAnyOrder(ids.get(0), ids.get(1));
        assertThat(queue.pruneExpired(MONTH, 2)).extracting(JobQueue.Pruned::jobId)
                .containsExactlyInAnyOrder(ids.get(2), ids.get(3));
        assertThat(queue.pruneExpired(MONTH, 2)).extracting(JobQueue.Pruned::jobId).containsExactly(ids.get(4));
        assertThat(queue.counts()).isEqualTo(recount());
    }

    @Test
    void tombstones_are_removed_once_kept_long_enough() {
        Job job = succeeded("gone", 1000);
        clock.advance(MONTH);
        queue.pruneExpired(MONTH, 100);

        clock.advance(Duration.ofDays(90).minusMillis(1));
        assertThat(queue.pruneTombstones(Duration.ofDays(90), 100)).isZero();
        assertThat(queue.pruned(job.id())).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(queue.pruneTombstones(Duration.ofDays(90), 100)).isEqualTo(1);
        assertThat(queue.pruned(job.id())).isEmpty();
    }

    @Test
    void the_size_cap_prunes_the_jobs_that_finished_first_until_the_rest_fit() {
        Job nothingStored = finished(JobState.FAILED, aSpec("failed first, stores nothing"), 0);
        clock.advance(Duration.ofMinutes(1));
        List<String> ids = new ArrayList<>();
        ids.add(finished(JobState.SUCCEEDED, aSpecWithTtl("a ttl does not hold against the cap", "3650d"), 1000).id());
        for (int i = 1; i < 5; i++) {
            clock.advance(Duration.ofMinutes(1));
            ids.add(succeeded("job " + i, 1000).id());
        }
        Lease running = queue.enqueueAndClaim(aSpec("runs"), "w", LEASE).lease().orElseThrow();
        Job queued = queue.enqueue(aSpec("waits")).job();

        assertThat(queue.pruneToSize(5000, 100)).as("at the cap, not over it").isEmpty();
        List<JobQueue.Pruned> pruned = queue.pruneToSize(2500, 100);

        assertThat(pruned).extracting(JobQueue.Pruned::jobId).containsExactlyInAnyOrderElementsOf(ids.subList(0, 3));
        assertThat(pruned).extracting(JobQueue.Pruned::reason).containsOnly("store-max-bytes");
        assertThat(queue.pruned(ids.get(0))).map(JobQueue.Pruned::at).contains(clock.instant());
        assertThat(queue.pruneToSize(2500, 100)).isEmpty();

        assertThat(queue.pruneToSize(0, 1)).extracting(JobQueue.Pruned::jobId).containsExactly(ids.get(3));
        assertThat(queue.pruneToSize(0, 100)).extracting(JobQueue.Pruned::jobId).containsExactly(ids.get(4));
        assertThat(queue.pruneToSize(0, 100)).isEmpty();
        assertThat(queue.find(nothingStored.id())).as("pruning it frees nothing").isPresent();
        assertThat(queue.find(queued.id())).map(Job::state).contains(JobState.QUEUED);
        assertThat(queue.find(running.jobId())).map(Job::state).contains(JobState.RUNNING);
        assertThat(queue.counts()).isEqualTo(recount());
    }

    @Test
    void a_result_counts_the_bytes_it_stores() {
        Job job = succeeded("stored", 1234);

        assertThat(job.result().storedBytes()).isEqualTo(1234);
        assertThat(queue.pruneToSize(1234, 100)).isEmpty();
        assertThat(queue.pruneToSize(1233, 100)).extracting(JobQueue.Pruned::jobId).containsExactly(job.id());
    }

    @Test
    void two_nodes_pruning_at_once_prune_each_job_once() throws Exception {
        JobQueue b = otherNode();
        int jobs = 60;
        for (int i = 0; i < jobs; i++) {
            succeeded("job " + i, 1000);
        }
        clock.advance(MONTH);
        List<JobQueue.Pruned> pruned = new CopyOnWriteArrayList<>();
        Race.run(4, t -> {
            JobQueue node = t % 2 == 0 ? queue : b;
            for (List<JobQueue.Pruned> batch = node.pruneExpired(MONTH, 7); !batch.isEmpty();
                 batch = node.pruneExpired(MONTH, 7)) {
                pruned.addAll(batch);
            }
        });

        assertThat(pruned).hasSize(jobs);
        assertThat(pruned.stream().map(JobQueue.Pruned::jobId).distinct()).hasSize(jobs);
        assertThat(queue.counts()).isEqualTo(recount());
        assertThat(recount().values().stream().mapToLong(Long::longValue).sum()).isZero();
    }

    @Test
    void two_nodes_a_retry_racing_the_prune_either_keeps_the_job_queued_or_prunes_it() throws Exception {
        JobQueue b = otherNode();
        for (int round = 0; round < 4; round++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ids.add(finished(JobState.FAILED, aSpec("job " + i), 0).id());
            }
            clock.advance(MONTH);
            Set<String> retried = ConcurrentHashMap.newKeySet();
            Set<String> pruned = ConcurrentHashMap.newKeySet();
            Race.run(2, t -> {
                if (t == 0) {
                    for (String id : ids) {
                        b.retry(id).ifPresent(changed -> retried.add(id));
                    }
                } else {
                    for (List<JobQueue.Pruned> batch = queue.pruneExpired(MONTH, 3); !batch.isEmpty();
                         batch = queue.pruneExpired(MONTH, 3)) {
                        batch.forEach(p -> pruned.add(p.jobId()));
                    }
                }
            });
            for (String id : ids) {
                assertThat(retried.contains(id)).as("job %s: retried or pruned, not both", id)
                        .isNotEqualTo(pruned.contains(id));
                assertThat(queue.find(id).map(Job::state)).isEqualTo(retried.contains(id)
                        ? Optional.of(JobState.QUEUED) : Optional.empty());
            }
            assertThat(queue.counts()).isEqualTo(recount());
            // the retried jobs out of the way of the next round's claims
            retried.forEach(id -> queue.cancel(id));
        }
    }

    @Test
    void two_nodes_pruning_to_size_at_once_prune_no_more_than_one_would() throws Exception {
        JobQueue b = otherNode();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            kept.add(succeeded("job " + i, 1000).id());
        }
        // each round one job over the cap, and four threads on two nodes at once to prune it: a sum
        // taken before another node's removal committed must not remove a second job
        for (int round = 0; round < 60; round++) {
            clock.advance(Duration.ofMillis(1));
            kept.add(succeeded("job " + round, 1000).id());
            List<JobQueue.Pruned> pruned = new CopyOnWriteArrayList<>();
            Race.run(4, t -> pruned.addAll((t % 2 == 0 ? queue : b).pruneToSize(10_000, 100)));
            assertThat(pruned).extracting(JobQueue.Pruned::jobId).as("round %d: the one that finished first", round)
                    .containsExactly(kept.removeFirst());
        }
    }

    @Test
    void two_nodes_hear_of_each_others_jobs() {
        JobQueue b = otherNode();
        assumeTrue(instancesHearEachOther(), "the backend's instances do not tell each other (workers poll)");
        List<Integer> heard = new CopyOnWriteArrayList<>();
        b.onWork(heard::add);
        // why a pause and a first job: the listening connection starts on its own thread
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            queue.enqueue(aSpec("hello"));
            return !heard.isEmpty();
        });
        heard.clear();
        queue.enqueue(aSpec("once more"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !heard.isEmpty());
    }

    @Test
    void two_nodes_claiming_at_once_never_hand_one_job_to_two_workers() throws Exception {
        JobQueue b = otherNode();
        int jobs = 120;
        for (int i = 0; i < jobs; i++) {
            queue.enqueue(aSpec("job " + i));
        }
        Set<String> claimed = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger refusedCompletions = new AtomicInteger();
        Race.run(6, t -> {
            JobQueue node = t % 2 == 0 ? queue : b;
            for (Optional<Lease> lease = node.claim("w" + t, LEASE); lease.isPresent();
                 lease = node.claim("w" + t, LEASE)) {
                if (!claimed.add(lease.get().jobId())) {
                    duplicates.incrementAndGet();
                }
                if (node.complete(lease.get(), aResult()).isEmpty()) {
                    refusedCompletions.incrementAndGet();
                }
            }
        });
        assertThat(duplicates.get()).isZero();
        assertThat(refusedCompletions.get()).isZero();
        assertThat(claimed).hasSize(jobs);
        assertThat(queue.counts().get(JobState.SUCCEEDED)).isEqualTo(jobs);
    }

    @Test
    void two_nodes_claiming_for_many_workers_at_once_never_hand_one_job_to_two_workers() throws Exception {
        JobQueue b = otherNode();
        int jobs = 150;
        for (int i = 0; i < jobs; i++) {
            queue.enqueue(aSpec("job " + i));
        }
        Set<String> claimed = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger refusedCompletions = new AtomicInteger();
        Race.run(4, t -> {
            JobQueue node = t % 2 == 0 ? queue : b;
            List<String> owners = List.of(t + "/w1", t + "/w2", t + "/w3");
            for (List<Lease> leases = node.claimEach(owners, LEASE); !leases.isEmpty();
                 leases = node.claimEach(owners, LEASE)) {
                assertThat(leases.stream().map(Lease::owner).distinct().count()).isEqualTo(leases.size());
                for (Lease lease : leases) {
                    if (!claimed.add(lease.jobId())) {
                        duplicates.incrementAndGet();
                    }
                    if (node.complete(lease, aResult()).isEmpty()) {
                        refusedCompletions.incrementAndGet();
                    }
                }
            }
        });
        assertThat(duplicates.get()).isZero();
        assertThat(refusedCompletions.get()).isZero();
        assertThat(claimed).hasSize(jobs);
        assertThat(queue.counts().get(JobState.SUCCEEDED)).isEqualTo(jobs);
    }

    @Test
    void two_nodes_recovery_never_takes_a_job_whose_lease_was_taken_or_renewed_before_it() throws Exception {
        JobQueue b = otherNode();
        for (int round = 0; round < 3; round++) {
            int jobs = 40;
            for (int i = 0; i < jobs; i++) {
                queue.enqueue(aSpec("job " + i));
            }
            List<Lease> leases = new ArrayList<>();
            for (int i = 0; i < jobs / 2; i++) {
                leases.add(queue.claim("a", LEASE).orElseThrow());
            }
            clock.advance(LEASE.plusMillis(1));
            // the clock now stands still: every lease taken or renewed from here on is good for LEASE.
            // Heartbeats walk the leases newest first, recovery oldest first, so that they cross.
            Set<Lease> renewed = ConcurrentHashMap.newKeySet();
            Race.run(4, t -> {
                if (t == 0) {
                    for (Lease lease : leases.reversed()) {
                        if (queue.heartbeat(lease, LEASE).held()) {
                            renewed.add(lease);
                        }
                    }
                } else if (t == 1) {
                    for (Optional<Lease> l = queue.claim("a", LEASE); l.isPresent(); l = queue.claim("a", LEASE)) {
                        renewed.add(l.get());
                    }
                } else {
                    for (int i = 0; i < 10; i++) {
                        b.recoverExpiredLeases();
                    }
                }
            });
            for (Lease lease : renewed) {
                assertThat(queue.complete(lease, aResult())).as("job %s, renewed or claimed after its lease's clock"
                        + " stopped, was taken by recovery", lease.jobId()).isPresent();
            }
            for (Optional<Lease> l = queue.claim("a", LEASE); l.isPresent(); l = queue.claim("a", LEASE)) {
                queue.complete(l.get(), aResult());
            }
        }
    }

    @Test
    void two_nodes_recovering_at_once_recover_each_expired_job_once() throws Exception {
        JobQueue b = otherNode();
        int jobs = 30;
        for (int i = 0; i < jobs; i++) {
            queue.enqueue(aSpec("job " + i));
            queue.claim("a", LEASE).orElseThrow();
        }
        clock.advance(LEASE.plusSeconds(1));
        List<JobQueue.Expired> recovered = new CopyOnWriteArrayList<>();
        Race.run(4, t -> recovered.addAll((t % 2 == 0 ? queue : b).recoverExpiredLeases()));

        assertThat(recovered).hasSize(jobs);
        assertThat(recovered).extracting(e -> e.transition().move()).containsOnly(Move.EXPIRE);
        assertThat(recovered.stream().map(e -> e.lease().jobId()).distinct()).hasSize(jobs);
        for (JobQueue.Expired e : recovered) {
            Job job = queue.find(e.lease().jobId()).orElseThrow();
            assertThat(job.state()).isEqualTo(JobState.QUEUED);
            assertThat(job.errors()).as("one lease expiry recorded").hasSize(1);
        }
    }

    @Test
    void two_nodes_a_cancel_racing_a_claim_or_a_completion_ends_in_one_consistent_state() throws Exception {
        JobQueue b = otherNode();
        int jobs = 30;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            ids.add(queue.enqueue(aSpec("job " + i)).job().id());
        }
        Map<String, Transition> cancels = new ConcurrentHashMap<>();
        Map<String, Transition> completions = new ConcurrentHashMap<>();
        Race.run(2, t -> {
            if (t == 0) {
                for (String id : ids) {
                    try {
                        b.cancel(id).orElseThrow().transition().ifPresent(moved -> cancels.put(id, moved));
                    } catch (IllegalTransitionException finished) {
                        // it completed first: a finished job cannot be cancelled
                    }
                }
            } else {
                for (Optional<Lease> lease = queue.claim("a", LEASE); lease.isPresent(); lease = queue.claim("a", LEASE)) {
                    Lease held = lease.get();
                    (held.job().cancelRequested() ? queue.acknowledgeCancel(held) : queue.complete(held, aResult()))
                            .ifPresent(moved -> (moved.move() == Move.CANCEL ? cancels : completions)
                                    .put(held.jobId(), moved));
                }
            }
        });
        for (String id : ids) {
            Job job = queue.find(id).orElseThrow();
            assertThat(job.state()).isIn(JobState.SUCCEEDED, JobState.CANCELLED);
            assertThat(cancels.containsKey(id)).as("job %s: one move to its final state", id)
                    .isNotEqualTo(completions.containsKey(id));
            assertThat(job.state()).isEqualTo((cancels.containsKey(id) ? cancels : completions).get(id).to());
        }
    }

    @Test
    void two_nodes_moving_jobs_at_once_keep_the_counts_exactly_those_of_the_jobs() throws Exception {
        JobQueue b = otherNode();
        List<String> ids = new CopyOnWriteArrayList<>();
        // enough moves that the counts' own bookkeeping is folded while the race runs (PostgreSQL)
        Race.run(8, t -> {
            JobQueue node = t % 2 == 0 ? queue : b;
            if (t < 2) {
                for (int i = 0; i < 150; i++) {
                    ids.add(node.enqueue(aSpec("job " + t + "/" + i)).job().id());
                }
                return;
            }
            for (int i = 0; i < 300; i++) {
                switch (t) {
                    case 2, 3 -> node.claim("w" + t, LEASE).ifPresent(lease -> {
                        switch ((int) (lease.job().seq() % 3)) {
                            case 0 -> node.complete(lease, aResult());
                            case 1 -> node.fail(lease, anError("boom"), false);
                            default -> node.release(lease);
                        }
                    });
                    case 4 -> ids.stream().skip(i % Math.max(1, ids.size())).findFirst().ifPresent(id -> {
                        try {
                            node.cancel(id);
                        } catch (IllegalTransitionException finished) {
                            // it finished first
                        }
                    });
                    case 5 -> ids.stream().skip((i * 7L) % Math.max(1, ids.size())).findFirst().ifPresent(id -> {
                        try {
                            node.retry(id);
                        } catch (IllegalTransitionException notFinished) {
                            // queued, running or succeeded
                        }
                    });
                    case 6 -> ids.stream().skip((i * 13L) % Math.max(1, ids.size())).findFirst().ifPresent(id -> {
                        try {
                            node.delete(id);
                        } catch (IllegalTransitionException running) {
                            // it runs
                        }
                    });
                    default -> node.counts();
                }
            }
        });

        Map<JobState, Long> recount = recount();
        assertThat(queue.counts()).isEqualTo(recount);
        assertThat(b.counts()).isEqualTo(recount);
        assertThat(recount.values().stream().mapToLong(Long::longValue).sum()).isPositive();
    }

    /** Every job's state, counted by reading them all. */
    private Map<JobState, Long> recount() {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) {
            counts.put(s, 0L);
        }
        String cursor = null;
        do {
            JobQueue.Page page = queue.list(null, 100, cursor, null);
            page.jobs().forEach(j -> counts.merge(j.state(), 1L, Long::sum));
            cursor = page.nextCursor();
        } while (cursor != null);
        return counts;
    }
}
