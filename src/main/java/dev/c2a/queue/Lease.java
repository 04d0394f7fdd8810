package dev.c2a.queue;

import dev.c2a.job.Job;
import dev.c2a.job.JobState;
import dev.c2a.job.Move;
import dev.c2a.job.Transition;

import java.time.Instant;

/** A claim on a job. {@code token} grows with every claim of the job and fences stale writers. */
public record Lease(Job job, long token, String owner, Instant expiresAt) {
    public String jobId() {
        return job.id();
    }

    /** The claim itself: queued to running, when it was taken. */
    public Transition transition() {
        return Transition.of(job.id(), Move.CLAIM, JobState.QUEUED, job.startedAt());
    }
}
