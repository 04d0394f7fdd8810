package dev.c2a.intake.kafka;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A record's headers as {@link dev.c2a.intake.Inbound} takes them: lower-case names, the values that are
 * UTF-8 text (binary ones are left out: no header c2a reads is binary). Of a name given twice the last
 * counts, as in {@link Headers#lastHeader}.
 */
final class InboundHeaders {
    private InboundHeaders() {
    }

    static Map<String, String> of(Headers headers) {
        Map<String, String> out = new HashMap<>();
        for (Header h : headers) {
            if (h.value() != null) {
                text(h.value()).ifPresent(v -> out.put(h.key().toLowerCase(Locale.ROOT), v));
            }
        }
        return out;
    }

    private static Optional<String> text(byte[] value) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
