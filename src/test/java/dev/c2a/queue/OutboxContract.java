package dev.c2a.queue;

import dev.c2a.job.IdempotencyConflictException;
import dev.c2a.job.JobError;
import dev.c2a.job.JobResult;
import dev.c2a.job.JobSpec;
import dev.c2a.job.JobState;
import dev.c2a.job.Reply;
import dev.c2a.testing.Race;
import dev.c2a.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.c2a.testing.Specs.aSpec;
import static dev.c2a.testing.Specs.aSpecWithKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The inbox and the outbox every {@link JobQueue} must keep: a broker message makes one job however
 * often it is delivered, a move that finishes a job writes exactly one event in its own transaction,
 * and each event reaches each place it must go through deliveries that one sender at a time holds.
 * Subclass once per implementation, as {@link JobQueueContract}.
 */
public abstract class OutboxContract {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration HOLD = Duration.ofSeconds(60);
    private static final RetryPolicy RETRY = new RetryPolicy(2, Duration.ofSeconds(10), Duration.ofMinutes(5), 2);
    protected final SettableClock clock = new SettableClock();
    protected JobQueue queue;
    private JobQueue other;

    protected abstract JobQueue open(SettableClock clock, RetryPolicy retry);

    /** A second instance on the same database, as another node opens it; empty when there can be none. */
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

    private JobQueue otherNode() {
        Optional<JobQueue> opened = openAnother(clock, RETRY);
        assumeTrue(opened.isPresent(), "this implementation cannot open a second instance on the same store");
        other = opened.get();
        return other;
    }

    private static JobQueue.Message message(String source, String id, JobSpec spec) {
        return new JobQueue.Message(source, id, spec);
    }

    private static JobResult aResult() {
        return new JobResult("x.wav", 1.5, 1000, 22050, "wav", 1, null, null, null);
    }

    private JobError anError(String message) {
        return new JobError(1, message, null, clock.instant());
    }

    private long jobs() {
        return queue.counts().values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void a_message_makes_one_job_however_often_it_is_delivered() {
        JobQueue.Received first = queue.enqueueMessages(List.of(message("orders", "m-1", aSpec("one")))).getFirst();
        List<JobQueue.Received> again = queue.enqueueMessages(List.of(message("orders", "m-1", aSpec("one")),
                message("orders", "m-2", aSpec("two")), message("news", "m-1", aSpec("other source"))));

        assertThat(first.created()).isTrue();
        assertThat(again.get(0)).isEqualTo(new JobQueue.Received(first.jobId(), false));
        assertThat(again.get(1).created()).isTrue();
        assertThat(again.get(2).created()).as("the same id from another source is another message").isTrue();
        assertThat(jobs()).isEqualTo(3);
    }

    @Test
    void messages_are_committed_whole_or_not_at_all_and_a_refused_batch_leaves_no_inbox_row() {
        queue.enqueue(aSpecWithKey("taken", "k"));

        assertThatThrownBy(() -> queue.enqueueMessages(List.of(message("s", "a", aSpec("fine")),
                message("s", "b", aSpecWithKey("a different request", "k")))))
                .isInstanceOf(IdempotencyConflictException.class);

        assertThat(jobs()).isEqualTo(1);
        assertThat(queue.enqueueMessages(List.of(message("s", "a", aSpec("fine")))).getFirst().created())
                .as("the message is taken when it comes again").isTrue();
    }

    @Test
    void a_message_whose_idempotency_key_found_a_job_names_it_and_so_does_its_redelivery() {
        String existing = queue.enqueue(aSpecWithKey("same", "k")).job().id();

        JobQueue.Received first = queue.enqueueMessages(List.of(message("s", "m", aSpecWithKey("same", "k")))).getFirst();
        JobQueue.Received again = queue.enqueueMessages(List.of(message("s", "m", aSpecWithKey("same", "k")))).getFirst();

        assertThat(first).isEqualTo(new JobQueue.Received(existing, false));
        assertThat(again).isEqualTo(new JobQueue.Received(existing, false));
        assertThat(jobs()).isEqualTo(1);
    }

    @Test
    void the_reply_is_kept_with_the_job_and_copied_into_the_event_of_its_success() {
        Reply reply = new Reply("orders", "m-7", "corr-7", "replies", "https://example.com/hook");
        String id = queue.enqueueMessages(List.of(message("orders", "m-7", aSpec("hello").withReply(reply))))
                .getFirst().jobId();
        assertThat(queue.find(id).orElseThrow().spec().reply()).isEqualTo(reply);

        Lease lease = queue.claim("w", LEASE).orElseThrow();
        queue.complete(lease, aResult());

        List<Outbox.Event> events = queue.outbox().after(0, 10);
        assertThat(events).hasSize(1);
        Outbox.Event e = events.getFirst();
        assertThat(e.jobId()).isEqualTo(id);
        assertThat(e.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(e.type()).isEqualTo("job.succeeded");
        assertThat(e.reply()).isEqualTo(reply);
        assertThat(e.format()).isEqualTo("wav");
        assertThat(e.durationSeconds()).isEqualTo(1.5);
        assertThat(e.error()).isNull();
        assertThat(e.eventId()).isNotBlank();
        assertThat(queue.outbox().lastSeq()).isEqualTo(e.seq());
    }

    @Test
    void only_moves_that_finish_a_job_write_an_event_and_each_writes_one() {
        String retried = queue.enqueue(aSpec("fails twice")).job().id();
        Lease first = queue.claim("w", LEASE).orElseThrow();
        queue.fail(first, anError("first"), true);
        assertThat(queue.outbox().after(0, 10)).as("a retry later finishes nothing").isEmpty();
        clock.advance(Duration.ofMinutes(1));
        queue.fail(queue.claim("w", LEASE).orElseThrow(), anError("second"), true);

        String cancelledQueued = queue.enqueue(aSpec("cancelled while queued")).job().id();
        queue.cancel(cancelledQueued);
        String cancelledRunning = queue.enqueue(aSpec("cancelled while running")).job().id();
        Lease running = queue.claim("w", LEASE).orElseThrow();
        queue.cancel(cancelledRunning);
        queue.acknowledgeCancel(running);
        String released = queue.enqueue(aSpec("released")).job().id();
        queue.release(queue.claim("w", LEASE).orElseThrow());
        assertThat(queue.find(released).orElseThrow().state()).isEqualTo(JobState.QUEUED);

        List<Outbox.Event> events = queue.outbox().after(0, 10);
        assertThat(events).extracting(Outbox.Event::jobId).containsExactly(retried, cancelledQueued, cancelledRunning);
        assertThat(events).extracting(Outbox.Event::state).containsExactly(JobState.FAILED, JobState.CANCELLED,
                JobState.CANCELLED);
        assertThat(events.getFirst().error()).isEqualTo("second");
        assertThat(events).extracting(Outbox.Event::seq).isSorted().doesNotHaveDuplicates();
        assertThat(events).extracting(Outbox.Event::eventId).doesNotHaveDuplicates();
    }

    @Test
    void a_quarantined_job_writes_its_event_and_a_fenced_out_completion_writes_none() {
        queue.enqueue(aSpec("kills its workers"));
        Lease stale = queue.claim("w", LEASE).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));
        queue.recoverExpiredLeases();
        assertThat(queue.complete(stale, aResult())).isEmpty();
        assertThat(queue.outbox().after(0, 10)).isEmpty();

        queue.claim("w", LEASE).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));
        queue.recoverExpiredLeases();

        List<Outbox.Event> events = queue.outbox().after(0, 10);
        assertThat(events).extracting(Outbox.Event::state).containsExactly(JobState.FAILED);
        assertThat(events.getFirst().error()).contains("quarantined");
    }

    @Test
    void dispatch_makes_each_events_deliveries_once_and_a_taken_delivery_is_held_until_its_hold_runs_out() {
        queue.enqueue(aSpec("a"));
        queue.complete(queue.claim("w", LEASE).orElseThrow(), aResult());

        int dispatched = queue.outbox().dispatch(10, e -> List.of(new Outbox.Target("results:orders", null),
                new Outbox.Target("callback", "https://example.com/h")));
        assertThat(dispatched).isEqualTo(1);
        assertThat(queue.outbox().dispatch(10, e -> List.of(new Outbox.Target("again", null)))).isZero();
        assertThat(queue.outbox().backlog()).containsEntry("", 0L).containsEntry("results:orders", 1L)
                .containsEntry("callback", 1L).doesNotContainKey("again");

        List<Outbox.Delivery> taken = queue.outbox().take("results:orders", 10, HOLD);
        assertThat(taken).hasSize(1);
        assertThat(taken.getFirst().attempts()).isEqualTo(1);
        assertThat(taken.getFirst().target()).isNull();
        assertThat(queue.outbox().take("results:orders", 10, HOLD)).as("held by the first taker").isEmpty();

        clock.advance(HOLD.plusSeconds(1));
        List<Outbox.Delivery> again = queue.outbox().take("results:orders", 10, HOLD);
        assertThat(again).as("its taker died: due again").hasSize(1);
        assertThat(again.getFirst().attempts()).isEqualTo(2);
        queue.outbox().delivered(List.of(again.getFirst().id()));

        clock.advance(HOLD.plusSeconds(1));
        assertThat(queue.outbox().take("results:orders", 10, HOLD)).isEmpty();
        assertThat(queue.outbox().backlog()).containsEntry("callback", 1L).doesNotContainKey("results:orders");
    }

    @Test
    void a_failed_attempt_comes_due_after_its_backoff_and_a_last_one_fails_for_good_as_the_job_shows() {
        String id = queue.enqueue(aSpec("a")).job().id();
        queue.complete(queue.claim("w", LEASE).orElseThrow(), aResult());
        queue.outbox().dispatch(10, e -> List.of(new Outbox.Target("callback", "https://example.com/h")));

        Outbox.Delivery d = queue.outbox().take("callback", 10, HOLD).getFirst();
        queue.outbox().attemptFailed(d.id(), "HTTP 500", Duration.ofSeconds(5));
        assertThat(queue.outbox().take("callback", 10, HOLD)).as("not due before its backoff").isEmpty();
        clock.advance(Duration.ofSeconds(6));
        Outbox.Delivery second = queue.outbox().take("callback", 10, HOLD).getFirst();
        queue.outbox().attemptFailed(second.id(), "HTTP 503", null);
        clock.advance(Duration.ofHours(1));
        assertThat(queue.outbox().take("callback", 10, HOLD)).isEmpty();

        List<Outbox.Delivery> ofJob = queue.outbox().deliveriesOf(id);
        assertThat(ofJob).hasSize(1);
        assertThat(ofJob.getFirst().state()).isEqualTo(Outbox.Delivery.FAILED);
        assertThat(ofJob.getFirst().attempts()).isEqualTo(2);
        assertThat(ofJob.getFirst().lastError()).isEqualTo("HTTP 503");
        assertThat(ofJob.getFirst().target()).isEqualTo("https://example.com/h");
        assertThat(ofJob.getFirst().event().jobId()).isEqualTo(id);
        queue.outbox().delivered(List.of(second.id()));
        assertThat(queue.outbox().deliveriesOf(id).getFirst().state()).as("a failed delivery stays failed")
                .isEqualTo(Outbox.Delivery.FAILED);
    }

    @Test
    void prune_removes_finished_deliveries_their_events_and_old_inbox_rows_and_keeps_what_is_pending() {
        queue.enqueueMessages(List.of(message("s", "old", aSpec("a"))));
        queue.complete(queue.claim("w", LEASE).orElseThrow(), aResult());
        queue.enqueue(aSpec("b"));
        queue.complete(queue.claim("w", LEASE).orElseThrow(), aResult());
        queue.outbox().dispatch(10, e -> List.of(new Outbox.Target("sink", null)));
        List<Outbox.Delivery> both = queue.outbox().take("sink", 10, HOLD);
        queue.outbox().delivered(List.of(both.get(0).id()));

        clock.advance(Duration.ofDays(2));
        queue.outbox().prune(Duration.ofDays(1), Duration.ofDays(1), 100);

        assertThat(queue.outbox().after(0, 10)).as("the event a pending delivery needs is kept").hasSize(1)
                .extracting(Outbox.Event::seq).containsExactly(both.get(1).event().seq());
        assertThat(queue.outbox().backlog()).containsEntry("sink", 1L);
        assertThat(queue.enqueueMessages(List.of(message("s", "old", aSpec("a")))).getFirst().created())
                .as("its inbox row was pruned").isTrue();
    }

    @Test
    void two_nodes_taking_one_message_at_once_make_one_job() throws Exception {
        JobQueue b = otherNode();
        List<JobQueue.Received> got = new CopyOnWriteArrayList<>();
        Race.run(8, n -> got.addAll((n % 2 == 0 ? queue : b).enqueueMessages(List.of(message("s", "m" + (n / 4),
                aSpec("x"))))));
        assertThat(got.stream().filter(JobQueue.Received::created)).hasSize(2);
        assertThat(got.stream().map(JobQueue.Received::jobId).distinct()).hasSize(2);
        assertThat(jobs()).isEqualTo(2);
    }

    @Test
    void two_nodes_dispatching_and_taking_at_once_make_each_delivery_once_and_hand_it_to_one() throws Exception {
        JobQueue b = otherNode();
        for (int i = 0; i < 20; i++) {
            queue.enqueue(aSpec("job " + i));
            queue.complete(queue.claim("w", LEASE).orElseThrow(), aResult());
        }
        Race.run(4, n -> (n % 2 == 0 ? queue : b).outbox().dispatch(5, e -> List.of(new Outbox.Target("sink", null))));
        Race.run(4, n -> (n % 2 == 0 ? queue : b).outbox().dispatch(5, e -> List.of(new Outbox.Target("sink", null))));
        assertThat(queue.outbox().backlog()).containsEntry("", 0L).containsEntry("sink", 20L);

        List<Long> taken = new CopyOnWriteArrayList<>();
        Race.run(4, n -> (n % 2 == 0 ? queue : b).outbox().take("sink", 6, HOLD).forEach(d -> taken.add(d.id())));
        Race.run(4, n -> (n % 2 == 0 ? queue : b).outbox().take("sink", 6, HOLD).forEach(d -> taken.add(d.id())));
        assertThat(taken).hasSize(20).doesNotHaveDuplicates();
    }
}
