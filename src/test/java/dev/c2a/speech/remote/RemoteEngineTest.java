package dev.c2a.speech.remote;

import dev.c2a.testing.TestEngines;
import dev.c2a.config.SpeechSettings;
import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.CancelSignal;
import dev.c2a.speech.EngineUnavailableException;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.testing.OpenAiSpeechServer;
import dev.c2a.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The remote engine against a real HTTP server that speaks the protocol (with espeak-ng behind it). */
class RemoteEngineTest {
    private static final String KEY = "sk-test-0123456789";
    private final SettableClock clock = new SettableClock();
    private OpenAiSpeechServer server;
    private RemoteEngine engine;

    private RemoteEngine engine(int maxChars, int retries, int breakAfter) throws Exception {
        server = new OpenAiSpeechServer(KEY);
        engine = new RemoteEngine(new SpeechSettings.Remote(URI.create(server.baseUrl()), KEY, "tts-1",
                List.of("alloy", "nova"), "en", false, 2, maxChars, retries, Duration.ofSeconds(20), breakAfter,
                Duration.ofSeconds(15)), clock, TestEngines.DEADLINES);
        return engine;
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private SpeechRequest request(String text) {
        return new SpeechRequest(text, engine.voice("nova").orElseThrow(), 1.25, false, Duration.ofSeconds(30),
                new CancelSignal());
    }

    @Test
    void speaks_through_the_protocol_with_the_key_model_voice_and_speed() throws Exception {
        engine(4096, 2, 3);
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        PcmFormat format = engine.synthesize(request("Hello from the remote server."), pcm);
        assertThat(format).isEqualTo(new PcmFormat(24_000, 1));
        assertThat(pcm.size() / 2.0 / 24_000).isBetween(0.8, 5.0);
        assertThat(server.requests()).hasSize(1);
        var body = server.requests().get(0);
        assertThat(body.path("model").asText()).isEqualTo("tts-1");
        assertThat(body.path("voice").asText()).isEqualTo("nova");
        assertThat(body.path("input").asText()).isEqualTo("Hello from the remote server.");
        assertThat(body.path("response_format").asText()).isEqualTo("wav");
        assertThat(body.path("speed").asDouble()).isEqualTo(1.25);
        assertThat(engine.voices()).extracting(v -> v.id() + "/" + v.language()).containsExactly("alloy/en", "nova/en");
    }

    @Test
    void input_over_the_servers_limit_goes_in_pieces_split_between_sentences() throws Exception {
        engine(120, 0, 3);
        String text = "This is the first sentence of a longer text. ".repeat(8).strip();
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        engine.synthesize(request(text), pcm);
        assertThat(server.requests()).hasSizeGreaterThan(2);
        assertThat(server.requests()).allSatisfy(r -> {
            assertThat(r.path("input").asText().length()).isLessThanOrEqualTo(120);
            assertThat(r.path("input").asText()).endsWith(".");
        });
        assertThat(String.join(" ", server.requests().stream().map(r -> r.path("input").asText()).toList()))
                .isEqualTo(text);
    }

    @Test
    void a_429_or_503_is_retried_with_backoff_honouring_retry_after() throws Exception {
        engine(4096, 3, 10);
        server.failNext(2, 429, "1");
        long start = System.nanoTime();
        engine.synthesize(request("Retried until it works."), new ByteArrayOutputStream());
        assertThat(server.requests()).hasSize(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("two Retry-After: 1 waits")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(engine.health().available()).isTrue();
    }

    @Test
    void a_refused_request_fails_at_once_without_retries_naming_the_servers_reason() throws Exception {
        engine(10_000, 3, 3);
        String tooLong = "word ".repeat(1000);
        assertThatThrownBy(() -> engine.synthesize(request(tooLong), new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(SpeechException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("HTTP 400").contains("4096 characters");
                });
        assertThat(server.requests()).hasSize(1);
        assertThat(engine.health().available()).as("the server answered: it is up").isTrue();
    }

    @Test
    void while_the_server_is_down_the_circuit_opens_and_calls_are_refused_until_a_probe_succeeds() throws Exception {
        engine(4096, 1, 2);
        server.down();
        assertThatThrownBy(() -> engine.synthesize(request("One."), new ByteArrayOutputStream()))
                .isInstanceOf(SpeechException.class).isNotInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining("failed 2 times");
        assertThatThrownBy(() -> engine.synthesize(request("Two."), new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(EngineUnavailableException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(15)));
        assertThat(engine.health().available()).isFalse();
        assertThat(engine.health().detail()).contains("circuit open");
        int asked = server.requests().size();
        assertThatThrownBy(() -> engine.synthesize(request("Three."), new ByteArrayOutputStream()))
                .as("refused at once, without a call").isInstanceOf(EngineUnavailableException.class);
        assertThat(server.requests()).hasSize(asked);

        server.up();
        clock.advance(Duration.ofSeconds(15));
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        engine.synthesize(request("Back again."), pcm);
        assertThat(pcm.size()).isPositive();
        assertThat(engine.health().available()).isTrue();
    }

    /**
     * A server that takes each connection and then stalls: before answering ({@code body} null), or
     * after a 200 and the first bytes of {@code body}, as a server that trickles and stops does.
     */
    private static final class StallingServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        StallingServer(byte[] body) throws IOException {
            Thread.ofPlatform().daemon().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        held.add(s);
                        if (body != null) {
                            OutputStream out = s.getOutputStream();
                            out.write(("HTTP/1.1 200 OK\r\nContent-Type: audio/wav\r\nContent-Length: "
                                    + (body.length + 1_000_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(body);
                            out.flush();
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private RemoteEngine engineAt(String url, int breakAfter) {
        return new RemoteEngine(new SpeechSettings.Remote(URI.create(url), KEY, "tts-1", List.of("nova"), "en", false,
                2, 4096, 3, Duration.ofSeconds(20), breakAfter, Duration.ofSeconds(15)), clock, TestEngines.DEADLINES);
    }

    private SpeechRequest within(RemoteEngine e, Duration deadline) {
        return new SpeechRequest("Hello.", e.voice("nova").orElseThrow(), 1.0, false, deadline, new CancelSignal());
    }

    @Test
    void a_server_that_never_answers_ends_each_call_at_its_deadline_and_opens_the_circuit() throws Exception {
        try (StallingServer hanging = new StallingServer(null); RemoteEngine e = engineAt(hanging.url(), 2)) {
            for (int call = 0; call < 2; call++) {
                assertThatThrownBy(() -> e.synthesize(within(e, Duration.ofMillis(300)), new ByteArrayOutputStream()))
                        .isInstanceOfSatisfying(SpeechException.class, x -> assertThat(x.retryable()).isTrue())
                        .hasMessageContaining("within 300 ms");
            }
            assertThat(e.health().available()).as("two calls without an answer are two failures").isFalse();
            assertThatThrownBy(() -> e.synthesize(within(e, Duration.ofMillis(300)), new ByteArrayOutputStream()))
                    .isInstanceOf(EngineUnavailableException.class);
        }
    }

    @Test
    void a_body_that_stalls_after_its_first_bytes_ends_the_call_at_its_deadline_and_writes_nothing() throws Exception {
        byte[] header = new byte[44];
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(1_000_036).put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                .putShort((short) 1).putInt(24_000).putInt(48_000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(1_000_000);
        byte[] body = Arrays.copyOf(header, 44 + 4_000);
        try (StallingServer trickling = new StallingServer(body); RemoteEngine e = engineAt(trickling.url(), 5)) {
            ByteArrayOutputStream pcm = new ByteArrayOutputStream();
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
                    () -> e.synthesize(within(e, Duration.ofMillis(500)), pcm))
                    .isInstanceOfSatisfying(SpeechException.class, x -> assertThat(x.retryable()).isTrue())
                    .hasMessageContaining("within 500 ms"));
            assertThat(pcm.size()).as("a body cut off leaves nothing in the audio").isZero();
        }
    }
}
