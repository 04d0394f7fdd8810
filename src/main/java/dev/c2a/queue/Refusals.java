package dev.c2a.queue;

import dev.c2a.job.IllegalTransitionException;
import dev.c2a.job.JobSpec;
import dev.c2a.job.JobState;

/** The refusals every {@link JobQueue} gives in the same words, whatever stores its jobs. */
public final class Refusals {
    private Refusals() {
    }

    /** @throws IllegalArgumentException when {@code spec} has neither text nor a body */
    public static void requireContent(JobSpec spec) {
        if (spec.text() == null && spec.body() == null) {
            throw new IllegalArgumentException("a job needs content: text or a body");
        }
    }

    /** {@link JobQueue#delete} of a running job. */
    public static IllegalTransitionException deleteOfRunning(String id) {
        return new IllegalTransitionException("job " + id + " is running; cancel it first (POST /v1/jobs/" + id
                + "/cancel), then delete it", JobState.RUNNING.wireName());
    }
}
