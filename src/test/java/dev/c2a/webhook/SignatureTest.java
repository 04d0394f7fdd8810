package dev.c2a.webhook;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SignatureTest {
    private static final String SECRET = "0123456789abcdef";
    private static final byte[] BODY = "{\"eventId\":\"e1\"}".getBytes(StandardCharsets.UTF_8);
    private static final Duration WINDOW = Duration.ofMinutes(5);

    @Test
    void a_receiver_takes_what_was_signed_and_refuses_a_changed_body_a_wrong_secret_and_a_replay() {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        long sent = now.getEpochSecond();
        String signature = Signature.sign(SECRET, sent, BODY);

        assertThat(signature).startsWith("v1=").hasSize(3 + 64);
        assertThat(Signature.verify(SECRET, Long.toString(sent), signature, BODY, now, WINDOW)).isTrue();
        assertThat(Signature.verify(SECRET, Long.toString(sent), signature, "{\"eventId\":\"e2\"}".getBytes(
                StandardCharsets.UTF_8), now, WINDOW)).as("another body").isFalse();
        assertThat(Signature.verify("another-secret-1", Long.toString(sent), signature, BODY, now, WINDOW)).isFalse();
        assertThat(Signature.verify(SECRET, Long.toString(sent + 1), signature, BODY, now, WINDOW))
                .as("the timestamp is signed too").isFalse();
        assertThat(Signature.verify(SECRET, Long.toString(sent), signature, BODY, now.plus(Duration.ofMinutes(6)),
                WINDOW)).as("replayed after the window").isFalse();
        assertThat(Signature.verify(SECRET, "soon", signature, BODY, now, WINDOW)).isFalse();
        assertThat(Signature.verify(SECRET, Long.toString(sent), null, BODY, now, WINDOW)).isFalse();
    }

    @Test
    void only_public_addresses_are_public() throws Exception {
        for (String local : new String[] {"127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
                "0.0.0.0", "100.64.0.1", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "224.0.0.1", "240.0.0.1"}) {
            assertThat(WebhookTargets.isPublic(InetAddress.getByName(local))).as(local).isFalse();
        }
        for (String public_ : new String[] {"93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"}) {
            assertThat(WebhookTargets.isPublic(InetAddress.getByName(public_))).as(public_).isTrue();
        }
    }
}
