package dev.c2a.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a job came from and who hears how it ended: not part of what is spoken, so not part of the
 * request's fingerprint. Stored with the job and copied into each of its events.
 *
 * @param source        the intake adapter that took the job in, or null (HTTP)
 * @param messageId     the broker message it came from, or null
 * @param correlationId the producer's own id for it, echoed in every event, or null
 * @param replyTo       where the producer asked its result event to go on its broker, or null
 * @param callbackUrl   a URL its events are POSTed to (a webhook), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reply(String source, String messageId, String correlationId, String replyTo, String callbackUrl) {

    /** Null when there is nothing to keep, so most jobs store no reply at all. */
    public static Reply of(String source, String messageId, String correlationId, String replyTo, String callbackUrl) {
        if (source == null && messageId == null && correlationId == null && replyTo == null && callbackUrl == null) {
            return null;
        }
        return new Reply(source, messageId, correlationId, replyTo, callbackUrl);
    }

    /**
     * The reply of a broker message: {@code given} (the request's correlation id and callback URL,
     * or null) with the intake's source, the message's id and where its result event goes.
     */
    public static Reply fromMessage(Reply given, String source, String messageId, String replyTo) {
        return given == null ? new Reply(source, messageId, null, replyTo, null)
                : new Reply(source, messageId, given.correlationId, replyTo, given.callbackUrl);
    }
}
