package dev.c2a.maintenance;

import dev.c2a.queue.Outbox;

import java.time.Duration;

/**
 * Keeps the outbox and the inbox from growing without end: deliveries that finished and the events
 * they carried go after {@link #KEPT}; inbox rows after {@code inboxKept}, the longest a broker may
 * redeliver a message and still find the job it made.
 */
public final class OutboxPruning implements Duties.Duty {
    /** How long finished deliveries stay visible on their job, and dispatched events stay readable. */
    public static final Duration KEPT = Duration.ofDays(7);
    /** Inbox rows outlive at least this: a consumer group reset a few days back still finds its jobs. */
    public static final Duration MIN_INBOX_KEPT = Duration.ofDays(7);
    public static final Duration EVERY = Duration.ofMinutes(1);
    private static final int BATCH = 5_000;
    private final Outbox outbox;
    private final Duration inboxKept;

    /** @param retention how long finished jobs are kept (null: for ever); inbox rows are kept as long, at least a week */
    public OutboxPruning(Outbox outbox, Duration retention) {
        this.outbox = outbox;
        this.inboxKept = retention == null || retention.compareTo(MIN_INBOX_KEPT) < 0 ? MIN_INBOX_KEPT : retention;
    }

    @Override
    public String name() {
        return "outbox pruning";
    }

    @Override
    public void run() {
        while (outbox.prune(KEPT, inboxKept, BATCH) >= BATCH) {
            Thread.onSpinWait();
        }
    }
}
