package dev.c2a.intake;

import java.util.Map;

/**
 * One message a broker delivered, as an adapter hands it to c2a.
 *
 * @param messageId   the message's identity at its source, unique per source and stable across
 *                    redeliveries: RabbitMQ's {@code message-id} property (or a configured header),
 *                    Kafka's {@code topic/partition/offset} (or a key or header), the Redis stream entry id
 * @param body        the message's bytes: the JSON of {@code POST /v1/jobs}, or raw content whose
 *                    media type is in the {@code content-type} header
 * @param headers     the message's headers and properties, lower-case names ({@code content-type},
 *                    {@code correlation-id}, {@code reply-to}, …); never null
 */
public record Inbound(String messageId, byte[] body, Map<String, String> headers) {
    /** The header that names raw content's media type. */
    public static final String CONTENT_TYPE = "content-type";
    /** The header carrying the producer's correlation id, when the body does not. */
    public static final String CORRELATION_ID = "correlation-id";
    /** The header naming where this message's result event goes, when the body does not. */
    public static final String REPLY_TO = "reply-to";

    public Inbound {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public String header(String name) {
        return headers.get(name);
    }
}
