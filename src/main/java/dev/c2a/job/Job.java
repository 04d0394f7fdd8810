package dev.c2a.job;

import java.time.Instant;
import java.util.List;

/**
 * A job as the ledger knows it. {@code spec.text} may be absent (null) in listings, where only
 * {@link #textLength} is loaded.
 */
public record Job(String id, long seq, JobSpec spec, int textLength, JobState state, int attempts,
                  int maxAttempts, Instant queuedAt, Instant runAt, Instant startedAt, Instant finishedAt,
                  Progress progress, boolean cancelRequested, List<JobError> errors, JobResult result) {

    public JobError lastError() {
        return errors.isEmpty() ? null : errors.get(errors.size() - 1);
    }
}
