package dev.c2a.queue;

import dev.c2a.job.JobError;
import dev.c2a.job.Move;

import java.time.Instant;

/**
 * What recovering an expired lease does to its job ({@link JobQueue#recoverExpiredLeases}): back to
 * the queue ({@link Move#EXPIRE}), or, once its leases have expired {@link RetryPolicy#quarantineAfter}
 * times, failed as quarantined ({@link Move#QUARANTINE}) — the job keeps killing its worker — with
 * the error that says which.
 */
public record LeaseExpiry(Move move, JobError error) {

    /**
     * @param deaths  how often the job's lease has expired, this time included
     * @param attempt the attempt whose worker stopped answering
     */
    public static LeaseExpiry of(int deaths, int attempt, RetryPolicy retry, Instant at) {
        if (deaths >= retry.quarantineAfter()) {
            return new LeaseExpiry(Move.QUARANTINE, new JobError(attempt, "quarantined: its lease expired " + deaths
                    + " times (the worker died or hung each time)", null, at));
        }
        return new LeaseExpiry(Move.EXPIRE, new JobError(attempt,
                "lease expired: the worker holding the job stopped answering", null, at));
    }
}
