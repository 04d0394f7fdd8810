package dev.c2a.safety;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP server answers whatever the workers and engines do. Each call gets 10 s: a server that
 * wedged (the bug this reproduces) never answers at all, so this is a liveness check, not a timing
 * one.
 */
@Tag("slow")
// a wedged server also hangs in Jetty's stop; the timeout turns that hang into a failure
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ResponsivenessTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    private static int get(String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpResponse<String> post(String url, String json) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void http_answers_after_espeak_helpers_ran_and_the_service_sat_idle_past_the_scheduler_keep_alive()
            throws Exception {
        try (C2aServer c2a = C2a.builder().dataDir(dir).port(0).workers(2).engine("espeak-ng").start()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add(c2a.service().submit(dev.c2a.api.JobRequest.ofText("Job " + i + " speaks a sentence."))
                        .job().id());
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> ids.stream()
                    .allMatch(id -> c2a.service().job(id).state().isFinal()));
            // the virtual-thread scheduler retires idle compensating carriers after 30 s
            Thread.sleep(Duration.ofSeconds(40));
            assertThat(get(c2a.url() + "/healthz")).isEqualTo(200);
            assertThat(get(c2a.url() + "/v1/service")).isEqualTo(200);
        }
    }

    @Test
    void status_health_and_submit_answer_while_every_worker_speaks_long_texts() throws Exception {
        try (C2aServer c2a = C2a.builder().dataDir(dir).port(0).workers(2).engine("espeak-ng").set("drain", "1s")
                .start()) {
            for (int i = 0; i < 2; i++) {
                // every sentence different: a repeated one would come from its checkpoint, not the engine
                StringBuilder text = new StringBuilder();
                for (int n = 0; n < 15_000; n++) {
                    text.append("Sentence ").append(i * 100_000 + n).append(" keeps a worker busy for a while. ");
                }
                assertThat(post(c2a.url() + "/v1/jobs", "{\"text\": \"" + text + "\"}").statusCode()).isEqualTo(202);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> c2a.status().workers().busy() == 2);
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int rounds = 0;
            while (System.nanoTime() < until) {
                assertThat(get(c2a.url() + "/healthz")).isEqualTo(200);
                HttpResponse<String> status = post(c2a.url() + "/v1/jobs", "{\"text\": \"Quick one.\"}");
                assertThat(status.statusCode()).isEqualTo(202);
                JsonNode s = dev.c2a.json.Json.MAPPER.readTree(CLIENT.send(HttpRequest.newBuilder(
                        URI.create(c2a.url() + "/v1/service")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                assertThat(s.path("state").asText()).isEqualTo("running");
                rounds++;
                Thread.sleep(500);
            }
            assertThat(c2a.status().workers().busy()).as("the workers were busy all along").isEqualTo(2);
            assertThat(rounds).isGreaterThan(10);
        }
    }
}
