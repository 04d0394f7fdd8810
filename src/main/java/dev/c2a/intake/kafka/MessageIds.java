package dev.c2a.intake.kafka;

import dev.c2a.config.InvalidSettingException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where a record's message id comes from ({@code message-id}): {@code offset}, the record's own
 * {@code topic/partition/offset}, unique and stable across redeliveries but new when a producer sends
 * the same job twice; {@code key}, the record key; or {@code header:NAME}, a header. With the last two a
 * producer that retries with the same id makes one job, and a record without one is dead-lettered.
 *
 * @param header the header's name, for {@code header:NAME}; else null
 */
record MessageIds(Kind kind, String header) {
    enum Kind { OFFSET, KEY, HEADER }

    static MessageIds parse(String key, String value) {
        if (value.equals("offset")) {
            return new MessageIds(Kind.OFFSET, null);
        }
        if (value.equals("key")) {
            return new MessageIds(Kind.KEY, null);
        }
        if (value.startsWith("header:") && !value.substring(7).isBlank()) {
            return new MessageIds(Kind.HEADER, value.substring(7).trim());
        }
        throw new InvalidSettingException(key + ": expected offset, key or header:NAME, got '" + value + "'");
    }

    /** The record's message id, or empty when it has no key (or header) to take it from. */
    Optional<String> of(ConsumerRecord<byte[], byte[]> r) {
        byte[] id = switch (kind) {
            case OFFSET -> (r.topic() + "/" + r.partition() + "/" + r.offset()).getBytes(StandardCharsets.UTF_8);
            case KEY -> r.key();
            case HEADER -> {
                Header h = r.headers().lastHeader(header);
                yield h == null ? null : h.value();
            }
        };
        return id == null || id.length == 0 ? Optional.empty() : Optional.of(new String(id, StandardCharsets.UTF_8));
    }

    /** Why a record without an id is refused, naming the setting. */
    String missing(String settingKey) {
        return (kind == Kind.KEY ? "the record has no key" : "the record has no header " + header)
                + ", which " + settingKey + " takes as its message id";
    }
}
