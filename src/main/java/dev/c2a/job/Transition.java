package dev.c2a.job;

import java.time.Instant;

/**
 * A move the ledger made and committed: job {@code jobId} went from {@code from} (null for a job
 * just submitted) to {@code to} at {@code at}. The queue's writes return these; events, metrics and
 * the facade report them, so no one re-judges a state after the fact.
 */
public record Transition(String jobId, Move move, JobState from, JobState to, Instant at) {
    public Transition {
        if (to != move.to() || (from == null ? move != Move.SUBMIT : !move.allowedFrom(from))) {
            throw new IllegalArgumentException("not a " + move + " of job " + jobId + ": " + from + " to " + to);
        }
    }

    public static Transition of(String jobId, Move move, JobState from, Instant at) {
        return new Transition(jobId, move, from, move.to(), at);
    }
}
