package dev.c2a.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.c2a.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server speaking OpenAI's {@code POST /v1/audio/speech}, as a user's GPU speech server
 * would: it checks the bearer key and the fields, and answers WAV spoken by espeak-ng (24 kHz, as
 * OpenAI's). A test can make it fail the next calls with a status, or stop and start it on its port.
 */
public final class OpenAiSpeechServer implements AutoCloseable {
    private final String key;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failStatus = 503;
    private volatile String retryAfter;
    private HttpServer server;
    private int port;

    public OpenAiSpeechServer(String key) throws IOException {
        this.key = key;
        start(0);
    }

    private void start(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/audio/speech", this::speech);
        server.start();
        port = server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    /** The next {@code n} calls are answered {@code status} (with a Retry-After when given). */
    public void failNext(int n, int status, String retryAfterSeconds) {
        failStatus = status;
        retryAfter = retryAfterSeconds;
        failures.set(n);
    }

    /** The server goes away: connections are refused. */
    public void down() {
        server.stop(0);
    }

    /** Back on the same port. */
    public void up() throws IOException {
        start(port);
    }

    public List<JsonNode> requests() {
        return requests;
    }

    private void speech(HttpExchange x) throws IOException {
        try (x) {
            if (!"POST".equals(x.getRequestMethod())) {
                answer(x, 405, "{\"error\":{\"message\":\"POST only\"}}");
                return;
            }
            if (!("Bearer " + key).equals(x.getRequestHeaders().getFirst("Authorization"))) {
                answer(x, 401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}");
                return;
            }
            JsonNode body = Json.MAPPER.readTree(x.getRequestBody());
            requests.add(body);
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                if (retryAfter != null) {
                    x.getResponseHeaders().add("Retry-After", retryAfter);
                }
                answer(x, failStatus, "{\"error\":{\"message\":\"overloaded\"}}");
                return;
            }
            String input = body.path("input").asText("");
            if (input.isBlank() || input.length() > 4096 || !body.hasNonNull("model") || !body.hasNonNull("voice")) {
                answer(x, 400, "{\"error\":{\"message\":\"input must be 1 to 4096 characters; model and voice are required\"}}");
                return;
            }
            if (!"wav".equals(body.path("response_format").asText())) {
                answer(x, 400, "{\"error\":{\"message\":\"this server answers wav only\"}}");
                return;
            }
            byte[] wav = speak(input);
            x.getResponseHeaders().add("Content-Type", "audio/wav");
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                out.write(wav);
            }
        } catch (Exception e) {
            // the test sees the failure as a 500 and in its own assertions
            try {
                answer(x, 500, "{\"error\":{\"message\":\"" + e.getClass().getSimpleName() + "\"}}");
            } catch (IOException ignored) {
                // the exchange is gone
            }
        }
    }

    private static byte[] speak(String input) throws IOException, InterruptedException {
        Path wav = Files.createTempFile("openai-server-", ".wav");
        Path resampled = Files.createTempFile("openai-server-24k-", ".wav");
        try {
            Process p = new ProcessBuilder("espeak-ng", "-v", "en-us", "-w", wav.toString(), input)
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            Process f = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", wav.toString(),
                    "-ar", "24000", resampled.toString()).redirectErrorStream(true).start();
            f.getInputStream().readAllBytes();
            f.waitFor();
            return Files.readAllBytes(resampled);
        } finally {
            Files.deleteIfExists(wav);
            Files.deleteIfExists(resampled);
        }
    }

    private static void answer(HttpExchange x, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
