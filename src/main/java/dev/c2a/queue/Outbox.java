package dev.c2a.queue;

import dev.c2a.job.JobState;
import dev.c2a.job.Reply;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The queue's events and their deliveries. A move that matters outside (a job succeeded, failed,
 * was cancelled or quarantined) writes its {@link Event} in the move's own transaction, so an event
 * exists exactly when its move committed. The relay then {@link #dispatch}es each event once into
 * deliveries, one per place it must reach, and senders {@link #take} what is due, deliver it and say
 * how it went. Every statement is guarded, so any number of nodes may relay and send at once: each
 * event is dispatched once, and a delivery is held by one sender at a time (until its hold runs out,
 * when a sender that died lets it come due again). Delivery is at least once: a sender that dies
 * after delivering and before {@link #delivered} leaves it to be delivered again, with the same
 * {@link Event#eventId}.
 */
public interface Outbox {

    /** Events after {@code seq}, oldest first, at most {@code limit}: what every node's event stream reads. */
    List<Event> after(long seq, int limit);

    /** The newest event's seq (0 when none): where a stream that starts now begins. */
    long lastSeq();

    /**
     * Takes up to {@code limit} events not yet dispatched, oldest first, and in the same transaction
     * adds the deliveries {@code route} names for each. Returns how many events it dispatched.
     */
    int dispatch(int limit, Function<Event, List<Target>> route);

    /**
     * Takes up to {@code limit} due pending deliveries of {@code sink}, oldest first, each attempt
     * counted and held for {@code hold} (due again after it unless {@link #delivered} or
     * {@link #attemptFailed} says otherwise).
     */
    List<Delivery> take(String sink, int limit, Duration hold);

    /** These deliveries arrived. */
    void delivered(List<Long> ids);

    /**
     * An attempt failed with {@code error}: due again after {@code retryIn}, or failed for good when
     * {@code retryIn} is null.
     */
    void attemptFailed(long id, String error, Duration retryIn);

    /** The deliveries of a job's events, oldest first. */
    List<Delivery> deliveriesOf(String jobId);

    /** Pending deliveries by sink, and events not yet dispatched (under {@code ""}): for status. */
    Map<String, Long> backlog();

    /**
     * Removes up to {@code limit} of each: deliveries finished (delivered or failed) at least
     * {@code keep} ago, dispatched events older than {@code keep} that no pending delivery needs,
     * inbox rows older than {@code inboxKeep}. Returns how many rows went.
     */
    int prune(Duration keep, Duration inboxKeep, int limit);

    /**
     * A move that matters outside.
     *
     * @param state           succeeded, failed or cancelled
     * @param error           the failed job's last error, else null
     * @param format          the succeeded job's audio format, else null
     * @param durationSeconds the succeeded job's audio length, else null
     * @param reply           the job's {@link Reply}, or null
     */
    record Event(long seq, String eventId, String jobId, JobState state, Instant at, String error, String format,
                 Double durationSeconds, Reply reply) {
        /** {@code job.succeeded}, {@code job.failed}, {@code job.cancelled}. */
        public String type() {
            return "job." + state.wireName();
        }
    }

    /** Where one event must go: a sink ({@code results:<adapter>}, {@code webhook:<name>}, {@code callback}) and its URL, if any. */
    record Target(String sink, String url) {
    }

    /** One event on its way to one place. {@code state} is pending, delivered or failed. */
    record Delivery(long id, Event event, String sink, String target, String state, int attempts, Instant nextAt,
                    String lastError, Instant updatedAt) {
        public static final String PENDING = "pending";
        public static final String DELIVERED = "delivered";
        public static final String FAILED = "failed";
    }
}
