package dev.c2a.intake.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.LongString;
import dev.c2a.intake.Inbound;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Turns an AMQP delivery into the {@link Inbound} c2a takes: its id, body and string headers. */
final class InboundMessages {
    private InboundMessages() {
    }

    /**
     * The delivery as c2a takes it, or null when it carries no id: neither a message-id property nor
     * (when configured) the header {@code idHeader}. Without an id the inbox could not tell a
     * redelivery from a new message.
     */
    static Inbound of(Delivery delivery, String idHeader) {
        AMQP.BasicProperties props = delivery.getProperties();
        Map<String, String> headers = new HashMap<>();
        if (props.getHeaders() != null) {
            props.getHeaders().forEach((name, value) -> {
                if (value instanceof LongString || value instanceof String) {
                    headers.put(name.toLowerCase(Locale.ROOT), value.toString());
                }
            });
        }
        putIfSet(headers, Inbound.CONTENT_TYPE, props.getContentType());
        putIfSet(headers, Inbound.CORRELATION_ID, props.getCorrelationId());
        putIfSet(headers, Inbound.REPLY_TO, props.getReplyTo());
        String id = props.getMessageId();
        if ((id == null || id.isBlank()) && idHeader != null) {
            id = headers.get(idHeader.toLowerCase(Locale.ROOT));
        }
        if (id == null || id.isBlank()) {
            return null;
        }
        return new Inbound(id, delivery.getBody(), headers);
    }

    /** Why a message without an id is refused, in words its producer can act on. */
    static String missingIdReason(String idHeader) {
        return idHeader == null
                ? "the message has no message-id property, which c2a needs to take each message once"
                : "the message has neither a message-id property nor a '" + idHeader + "' header, which c2a needs"
                + " to take each message once";
    }

    private static void putIfSet(Map<String, String> headers, String name, String value) {
        if (value != null && !value.isBlank()) {
            headers.put(name, value);
        }
    }
}
