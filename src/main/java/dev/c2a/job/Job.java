package dev.c2a.job;

import java.time.Instant;
import java.util.List;

/**
 * A job as the ledger knows it. {@code spec.text} is loaded only for the worker that claims the job;
 * elsewhere it is null, with {@link #textLength} and, for a single job, {@link #textPreview} (its
 * first 200 characters).
 */
public record Job(String id, long seq, JobSpec spec, int textLength, String textPreview, JobState state, int attempts,
                  int maxAttempts, Instant queuedAt, Instant runAt, Instant startedAt, Instant finishedAt,
                  Progress progress, boolean cancelRequested, List<JobError> errors, JobResult result) {

    public JobError lastError() {
        return errors.isEmpty() ? null : errors.get(errors.size() - 1);
    }
}
