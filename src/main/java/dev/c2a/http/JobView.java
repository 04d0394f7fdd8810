package dev.c2a.http;

import dev.c2a.job.Job;
import dev.c2a.job.JobError;
import dev.c2a.job.Progress;

import java.time.Instant;
import java.util.List;

/** A job as the API shows it. The full view (one job) adds a text preview and the error history. */
public record JobView(String id, String state, int attempts, int maxAttempts, String voice, String format,
                      double speed, boolean ssml, String idempotencyKey, int textLength, String textPreview,
                      Instant queuedAt, Instant runAt, Instant startedAt, Instant finishedAt, Progress progress,
                      Boolean cancelRequested, JobError error, List<JobError> errors, Result result, String url) {
    /** Where the audio is, how long and how big. */
    public record Result(String audioUrl, double durationSeconds, long bytes, int sampleRate, String format) {
    }

    static JobView summary(Job job) {
        return of(job, false);
    }

    static JobView full(Job job) {
        return of(job, true);
    }

    private static JobView of(Job job, boolean full) {
        String url = "/v1/jobs/" + job.id();
        String preview = full && job.textPreview() != null
                ? job.textPreview() + (job.textLength() > job.textPreview().length() ? "…" : "") : null;
        Result result = job.result() == null ? null : new Result(url + "/audio", job.result().durationSeconds(),
                job.result().bytes(), job.result().sampleRate(), job.result().format());
        return new JobView(job.id(), job.state().wireName(), job.attempts(), job.maxAttempts(), job.spec().voice(),
                job.spec().format(), job.spec().speed(), job.spec().ssml(), job.spec().idempotencyKey(),
                job.textLength(), preview, job.queuedAt(), job.state() == dev.c2a.job.JobState.QUEUED ? job.runAt() : null,
                job.startedAt(), job.finishedAt(), job.progress(), job.cancelRequested() ? Boolean.TRUE : null,
                job.lastError(), full ? job.errors() : null, result, url);
    }
}
