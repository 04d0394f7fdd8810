package dev.c2a.intake;

import dev.c2a.api.InvalidRequestException;
import dev.c2a.api.JobRequest;
import dev.c2a.job.ContentType;
import dev.c2a.job.JobOptions;
import dev.c2a.api.JsonRequests;

import java.util.Locale;

/**
 * How a broker message reads as a job: its body is the JSON of {@code POST /v1/jobs} (plus
 * {@code replyTo}), or, when its {@code content-type} header names a content type c2a reads, the
 * content itself. Headers fill in what the JSON leaves out: {@code correlation-id}, {@code reply-to}.
 */
public final class Messages {
    private Messages() {
    }

    /** The JSON of a job message: {@code POST /v1/jobs}'s fields and where its result goes. */
    public record JobMessage(String text, String contentType, String contentBase64, String voice, String format,
                             Double speed, Boolean ssml, JobOptions options, String idempotencyKey,
                             String callbackUrl, String correlationId, String replyTo) {
    }

    /**
     * A message read: the request, the raw content when the body was content (else null), and
     * where its result event goes (null: the adapter's results destination).
     */
    public record Read(JobRequest request, byte[] content, String replyTo) {
    }

    /**
     * @param maxBytes the largest body taken in (the bigger of max-text-bytes and max-upload-bytes)
     * @throws InvalidRequestException with what is wrong, in words: the message is dead-lettered with it
     */
    public static Read read(Inbound m, long maxBytes) {
        byte[] body = m.body() == null ? new byte[0] : m.body();
        if (body.length > maxBytes) {
            throw InvalidRequestException.tooLarge("the message is " + body.length + " bytes, over the "
                    + maxBytes + " c2a takes (settings max-text-bytes, max-upload-bytes)");
        }
        String type = mediaType(m.header(Inbound.CONTENT_TYPE));
        String correlation = m.header(Inbound.CORRELATION_ID);
        String replyTo = blankToNull(m.header(Inbound.REPLY_TO));
        if (type == null || type.equals("application/json")) {
            JobMessage j = JsonRequests.read(body, "the message", JobMessage.class);
            JobRequest r = new JobRequest(j.text(), j.contentType(), j.contentBase64(), j.voice(), j.format(),
                    j.speed(), j.ssml(), j.options(), j.idempotencyKey(), j.callbackUrl(),
                    j.correlationId() != null ? j.correlationId() : blankToNull(correlation));
            return new Read(r, null, j.replyTo() != null ? j.replyTo() : replyTo);
        }
        try {
            ContentType.of(type);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.unsupportedType("content-type " + e.getMessage()
                    + ", or application/json for the JSON of POST /v1/jobs");
        }
        JobRequest r = new JobRequest(null, type, null, null, null, null, null, null, null, null,
                blankToNull(correlation));
        return new Read(r, body, replyTo);
    }

    private static String mediaType(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int semi = header.indexOf(';');
        return (semi < 0 ? header : header.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
