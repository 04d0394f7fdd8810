package dev.c2a.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * How a webhook is signed, and how a receiver checks it: header {@value #TIMESTAMP} is the send time
 * in Unix seconds, header {@value #SIGNATURE} is {@code v1=} and the hex HMAC-SHA256, under the
 * shared secret, of the timestamp, a dot, and the body's bytes. A receiver recomputes it, compares
 * in constant time, and refuses a timestamp outside its replay window (5 minutes is usual), so a
 * captured request cannot be replayed later.
 */
public final class Signature {
    public static final String TIMESTAMP = "C2A-Timestamp";
    public static final String SIGNATURE = "C2A-Signature";
    public static final String EVENT_ID = "C2A-Event-Id";
    private static final String VERSION = "v1=";

    private Signature() {
    }

    /** The {@value #SIGNATURE} header's value for {@code body} sent at {@code timestamp} (Unix seconds). */
    public static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return VERSION + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether a receiver should take the request: the signature matches and the timestamp is within {@code window} of now. */
    public static boolean verify(String secret, String timestampHeader, String signatureHeader, byte[] body, Instant now,
                                 Duration window) {
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader);
        } catch (NumberFormatException e) {
            return false;
        }
        if (signatureHeader == null || Math.abs(now.getEpochSecond() - timestamp) > window.toSeconds()) {
            return false;
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, signatureHeader.trim().getBytes(StandardCharsets.UTF_8));
    }
}
