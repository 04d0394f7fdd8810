package dev.c2a.api;

import dev.c2a.job.Progress;

import java.time.Instant;

/** What one worker is doing, published as a whole so that status reads it without locks. */
public record WorkerSnapshot(String id, String state, String jobId, String stage, Progress progress,
                             Instant busySince) {
    public static WorkerSnapshot idle(String id, boolean retiring) {
        return new WorkerSnapshot(id, retiring ? "retiring" : "idle", null, null, null, null);
    }

    public boolean busy() {
        return jobId != null;
    }
}
