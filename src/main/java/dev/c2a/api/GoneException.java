package dev.c2a.api;

import java.time.Instant;

/**
 * A job that was there and was pruned (its retention or ttl ran out, or the store was over its
 * cap): when, and why ("retention 30d", "ttl 7d", "store-max-bytes"). A kind of not found, for
 * callers that do not tell the two apart; HTTP answers it with 410 Gone.
 */
public class GoneException extends NotFoundException {
    private final String jobId;
    private final Instant prunedAt;
    private final String reason;

    public GoneException(String jobId, Instant prunedAt, String reason) {
        super("job " + jobId + " was pruned at " + prunedAt + " (" + reason + "); it and its audio and captions"
                + " are gone");
        this.jobId = jobId;
        this.prunedAt = prunedAt;
        this.reason = reason;
    }

    public String jobId() {
        return jobId;
    }

    public Instant prunedAt() {
        return prunedAt;
    }

    public String reason() {
        return reason;
    }
}
