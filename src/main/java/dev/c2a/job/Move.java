package dev.c2a.job;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The named moves of a job, each with the states it may start from and the state it leads to:
 * the one table every state change goes through. {@link JobState#canMoveTo} is derived from it.
 *
 * <p>Two moves can lead from the same state to the same state for different reasons (a retry after
 * an error and a release at shutdown both go {@code running → queued}); the name tells them apart
 * for metrics and events, and decides what a caller may ask for: a job can be retried by hand from
 * failed or cancelled only, never from running.
 */
public enum Move {
    /** A new job. */
    SUBMIT(EnumSet.noneOf(JobState.class), JobState.QUEUED, "submitted"),
    CLAIM(EnumSet.of(JobState.QUEUED), JobState.RUNNING, "claimed"),
    SUCCEED(EnumSet.of(JobState.RUNNING), JobState.SUCCEEDED, "succeeded"),
    /** An error with no attempt left, or one that retrying cannot cure. */
    FAIL(EnumSet.of(JobState.RUNNING), JobState.FAILED, "failed"),
    /** An error with attempts left: queued again after a backoff. */
    RETRY_LATER(EnumSet.of(JobState.RUNNING), JobState.QUEUED, "retried"),
    /** Back to the queue without counting the attempt: shutdown, drain deadline, engine or disk unavailable. */
    RELEASE(EnumSet.of(JobState.RUNNING), JobState.QUEUED, "released"),
    /** Queued: at once. Running: when its worker acknowledges the request. */
    CANCEL(EnumSet.of(JobState.QUEUED, JobState.RUNNING), JobState.CANCELLED, "cancelled"),
    /** Its holder stopped answering. */
    EXPIRE(EnumSet.of(JobState.RUNNING), JobState.QUEUED, "expired"),
    /** Its leases expired too often: the job keeps killing its worker. */
    QUARANTINE(EnumSet.of(JobState.RUNNING), JobState.FAILED, "quarantined"),
    /** Asked for by hand, with a fresh set of attempts. */
    RETRY(EnumSet.of(JobState.FAILED, JobState.CANCELLED), JobState.QUEUED, "retried by hand");

    private final Set<JobState> from;
    private final JobState to;
    private final String past;

    Move(Set<JobState> from, JobState to, String past) {
        this.from = from;
        this.to = to;
        this.past = past;
    }

    public JobState to() {
        return to;
    }

    public boolean allowedFrom(JobState state) {
        return from.contains(state);
    }

    /**
     * Throws the state table's own refusal when job {@code jobId}, now in {@code state}, cannot make
     * this move; the message names the states it could be made from.
     */
    public void check(String jobId, JobState state) {
        if (!allowedFrom(state)) {
            String verb = name().toLowerCase(Locale.ROOT).replace('_', ' ');
            throw new IllegalTransitionException("job " + jobId + " " + phrase(state) + "; only "
                    + from.stream().map(JobState::wireName).collect(Collectors.joining(" or ")) + " jobs can be "
                    + (this == RETRY ? "retried" : this == CANCEL ? "cancelled" : "moved by " + verb),
                    state.wireName());
        }
    }

    private static String phrase(JobState state) {
        return switch (state) {
            case QUEUED, RUNNING -> "is " + state.wireName();
            case SUCCEEDED, FAILED -> "has " + state.wireName();
            case CANCELLED -> "was cancelled";
        };
    }

    /** Lower case, as metrics and events name it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What happened, in words ("retried by hand"). */
    public String past() {
        return past;
    }
}
