package dev.c2a.intake;

import dev.c2a.job.JobState;

import java.util.List;
import java.util.Optional;

/**
 * The service's side of intake, which an {@link IntakeAdapter} hands its messages to.
 *
 * <p>{@link #accept} makes each message a job in one transaction together with its inbox row
 * {@code (source, messageId)}: once it returns, the adapter acknowledges each message whose outcome
 * is {@link Outcome.Accepted} (a new job, or the one an earlier delivery made) and dead-letters each
 * {@link Outcome.Refused} with its reason. When it throws, nothing was accepted: the adapter
 * acknowledges nothing and tries again later (the broker keeps the messages).
 */
public interface Intake {

    /**
     * @param source   the adapter's name, which with each message id makes the inbox key
     * @param messages in delivery order
     * @return one outcome per message, in the same order
     * @throws dev.c2a.job.QueueUnavailableException when the ledger cannot be written now
     * @throws dev.c2a.api.BusyException             when this node accepts nothing now (its disk is full)
     */
    List<Outcome> accept(String source, List<Inbound> messages);

    /**
     * How many more messages an adapter may take in now: idle workers plus a small queue, less the
     * jobs already waiting; 0 while the service is paused or stopped. Adapters bound their prefetch
     * (or {@code max.poll.records}) by it and stop consuming at 0.
     */
    int room();

    /** The job's final state once it has finished; empty while it is queued or running (or unknown). */
    Optional<JobState> finished(String jobId);

    /** What became of one message. */
    sealed interface Outcome {
        /** A job holds the message: a new one ({@code created}), or the one an earlier delivery made. */
        record Accepted(String jobId, boolean created) implements Outcome {
        }

        /** The message cannot become a job, for {@code reason} (in words a person understands): dead-letter it. */
        record Refused(String reason) implements Outcome {
        }
    }
}
