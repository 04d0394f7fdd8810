package dev.c2a.job;

/**
 * An idempotency key sent again with a different request. why: answering with the first job would
 * silently drop the second request; Stripe refuses the same way.
 */
public final class IdempotencyConflictException extends RuntimeException {
    private final String jobId;

    public IdempotencyConflictException(String key, String jobId) {
        super("idempotencyKey '" + key + "' was already used for a different request (job " + jobId
                + "); send the same request again, or use a new key");
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
