package dev.c2a.job;

/**
 * What a producer asked for. Validated at the edge (see {@code validation.JobValidator}) before it is
 * ever stored; the queue treats it as opaque. Text content is in {@code text}; binary content (an
 * EPUB) is in {@code body} and {@code text} is empty. Both are null on reads that do not load the
 * content (only a claim does).
 *
 * @param options         never null; {@link JobOptions#DEFAULTS} when the producer gave none
 * @param idempotencyKey optional; a second job with the same key returns the first
 * @param reply          where it came from and who hears how it ends; null for none
 */
public record JobSpec(ContentType contentType, String text, byte[] body, String voice, String format,
                      double speed, JobOptions options, String idempotencyKey, Reply reply) {

    /** A spec without a {@link Reply}. */
    public JobSpec(ContentType contentType, String text, byte[] body, String voice, String format, double speed,
                   JobOptions options, String idempotencyKey) {
        this(contentType, text, body, voice, format, speed, options, idempotencyKey, null);
    }

    /** The same request with {@code reply} instead of its own. */
    public JobSpec withReply(Reply reply) {
        return new JobSpec(contentType, text, body, voice, format, speed, options, idempotencyKey, reply);
    }

    /** Plain text with default options: what most producers send. */
    public static JobSpec plain(String text, String voice, String format, double speed, String idempotencyKey) {
        return new JobSpec(ContentType.PLAIN, text, null, voice, format, speed, JobOptions.DEFAULTS, idempotencyKey);
    }

    public boolean ssml() {
        return contentType == ContentType.SSML;
    }

    /** The content's size as stored: characters of text, or bytes of a binary body. */
    public int contentLength() {
        return body != null ? body.length : text == null ? 0 : text.length();
    }

    /**
     * A digest of everything that makes the request what it is (not the idempotency key itself, nor
     * its {@link Reply}): two requests with one key must have the same fingerprint.
     */
    public String fingerprint() {
        return Sha256.of(body, contentType.mediaType(), text == null ? "" : text, voice, format,
                Double.toString(speed), options.isDefault() ? "" : dev.c2a.json.Json.write(options));
    }
}
