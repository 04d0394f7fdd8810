package dev.c2a.http;

import dev.c2a.job.Job;
import dev.c2a.job.JobError;
import dev.c2a.job.JobOptions;
import dev.c2a.job.JobResult;
import dev.c2a.job.Progress;
import dev.c2a.job.Reply;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job as the API shows it. The full view (one job) adds a text preview and the error history.
 * {@code reply} says where it came from (an intake adapter and message) and who hears how it ends.
 */
public record JobView(String id, String state, int attempts, int maxAttempts, String contentType, String voice,
                      String format, double speed, JobOptions options, String idempotencyKey, int textLength,
                      String textPreview,
                      Instant queuedAt, Instant runAt, Instant startedAt, Instant finishedAt, Progress progress,
                      Boolean cancelRequested, JobError error, List<JobError> errors, Result result, Reply reply,
                      String url) {
    /** Where the audio and captions are, how long and how big, and the chapters. */
    public record Result(String audioUrl, Map<String, String> captions, double durationSeconds, long bytes,
                         int sampleRate, String format, List<Chapter> chapters) {
    }

    /** A chapter; {@code url} only when the job was split into one file per chapter. */
    public record Chapter(String title, double start, double end, String url) {
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
        Result result = job.result() == null ? null : result(url, job.result());
        JobOptions options = job.spec().options().isDefault() ? null : job.spec().options();
        return new JobView(job.id(), job.state().wireName(), job.attempts(), job.maxAttempts(),
                job.spec().contentType().mediaType(), job.spec().voice(), job.spec().format(), job.spec().speed(),
                options, job.spec().idempotencyKey(),
                job.textLength(), preview, job.queuedAt(), job.state() == dev.c2a.job.JobState.QUEUED ? job.runAt() : null,
                job.startedAt(), job.finishedAt(), job.progress(), job.cancelRequested() ? Boolean.TRUE : null,
                job.lastError(), full ? job.errors() : null, result, job.spec().reply(), url);
    }

    private static Result result(String url, JobResult r) {
        Map<String, String> captions = new LinkedHashMap<>();
        for (String ext : List.of("vtt", "srt", "json")) {
            captions.put(ext, url + "/captions." + ext);
        }
        List<Chapter> chapters = r.chapters().stream().map(c -> new Chapter(c.title(), c.start(), c.end(),
                c.file() == null ? null : url + "/files/" + c.file())).toList();
        return new Result(url + "/audio", captions, r.durationSeconds(), r.bytes(), r.sampleRate(), r.format(),
                chapters);
    }
}
