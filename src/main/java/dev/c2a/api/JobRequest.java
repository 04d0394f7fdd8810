package dev.c2a.api;

import dev.c2a.job.JobOptions;

/**
 * A job as a producer submits it; any field may be missing. The content is {@code text}, or
 * {@code contentBase64} for binary content such as an EPUB (an uploaded file arrives beside the
 * request instead). {@code speed} 1.0 is normal. {@code ssml: true} is the older way to say
 * {@code contentType: "application/ssml+xml"}. {@code callbackUrl} hears the job's events (a webhook);
 * {@code correlationId} is the producer's own id for the job, echoed in its events. Validated into a {@link dev.c2a.job.JobSpec} by
 * {@code validation.JobValidator}.
 */
public record JobRequest(String text, String contentType, String contentBase64, String voice, String format,
                         Double speed, Boolean ssml, JobOptions options, String idempotencyKey, String callbackUrl,
                         String correlationId) {

    /** A request without a callback or correlation id. */
    public JobRequest(String text, String contentType, String contentBase64, String voice, String format, Double speed,
                      Boolean ssml, JobOptions options, String idempotencyKey) {
        this(text, contentType, contentBase64, voice, format, speed, ssml, options, idempotencyKey, null, null);
    }

    public static JobRequest ofText(String text) {
        return new JobRequest(text, null, null, null, null, null, null, null, null);
    }

    public JobRequest withContent(String contentType, String text) {
        return new JobRequest(text, contentType, contentBase64, voice, format, speed, ssml, options, idempotencyKey,
                callbackUrl, correlationId);
    }
}
