package dev.c2a.safety;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.testing.GateEngine;
import dev.c2a.testing.Http;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Speech on demand runs on a bounded pool: when its threads and its queue are full, one more call
 * gets 503 with Retry-After at once, while status and job submission still answer, and status
 * shows the pool's use.
 */
@Tag("slow")
class SpeechPoolTest {
    @TempDir
    Path dir;

    @Test
    void a_full_speech_pool_answers_503_with_retry_after_while_status_and_submission_answer() throws Exception {
        GateEngine gate = new GateEngine();
        try (C2aServer server = C2a.builder().dataDir(dir).port(0).workers(1).engines(gate).set("drain", "0s")
                .start()) {
            Http http = new Http(server.url());
            JsonNode pool = speechPool(http);
            int capacity = pool.path("threads").asInt() + pool.path("queueCapacity").asInt();
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<byte[]>>> held = new ArrayList<>();
            for (int i = 0; i < capacity; i++) {
                held.add(client.sendAsync(speech(server.url(), "Held " + i + "."), HttpResponse.BodyHandlers.ofByteArray()));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode p = speechPool(http);
                return p.path("busy").asInt() + p.path("queued").asInt() == capacity;
            });

            HttpResponse<String> refused = client.send(speech(server.url(), "One too many."),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                    assertThat(Integer.parseInt(v)).isPositive());
            assertThat(refused.body()).contains("busy speaking");
            assertThat(http.get("/v1/service").status()).isEqualTo(200);
            assertThat(http.post("/v1/jobs", "{\"text\": \"Queued meanwhile.\"}").status()).isEqualTo(202);
            assertThat(http.get("/readyz").status()).isEqualTo(200);

            gate.open();
            for (CompletableFuture<HttpResponse<byte[]>> f : held) {
                HttpResponse<byte[]> r = f.get();
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).startsWith('R', 'I', 'F', 'F');
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> speechPool(http).path("busy").asInt() == 0);
        }
    }

    private static JsonNode speechPool(Http http) {
        for (JsonNode e : http.get("/v1/service").json().path("executors")) {
            if (e.path("name").asText().equals("speech")) {
                return e;
            }
        }
        throw new AssertionError("status shows no speech pool");
    }

    private static HttpRequest speech(String url, String input) {
        return HttpRequest.newBuilder(URI.create(url + "/v1/audio/speech")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"tts-1\", \"input\": \"" + input
                        + "\", \"voice\": \"alloy\", \"response_format\": \"wav\"}"))
                .build();
    }
}
