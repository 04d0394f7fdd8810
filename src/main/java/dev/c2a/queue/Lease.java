package dev.c2a.queue;

import dev.c2a.job.Job;

import java.time.Instant;

/** A claim on a job. {@code token} grows with every claim of the job and fences stale writers. */
public record Lease(Job job, long token, String owner, Instant expiresAt) {
    public String jobId() {
        return job.id();
    }
}
