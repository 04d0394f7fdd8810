package dev.c2a.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.testing.Http;
import dev.c2a.testing.SlowEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ControlPlaneTest {
    @TempDir
    Path dir;

    @Test
    void the_lifecycle_over_http_is_idempotent_and_conflicts_name_the_state() {
        try (C2aServer server = C2a.builder().dataDir(dir).port(0).workers(2).engine("noop").start()) {
            Http http = new Http(server.url());
            assertThat(http.post("/v1/service/pause", null).json().path("state").asText()).isEqualTo("paused");
            assertThat(http.post("/v1/service/pause", null).json().path("state").asText()).isEqualTo("paused");
            assertThat(http.get("/readyz").status()).isEqualTo(503);

            Http.Response conflict = http.post("/v1/service/start", null);
            assertThat(conflict.status()).isEqualTo(409);
            assertThat(conflict.json().path("detail").asText()).isEqualTo("cannot start the service: it is paused (use resume)");

            assertThat(http.post("/v1/service/resume", null).json().path("state").asText()).isEqualTo("running");
            JsonNode resized = http.put("/v1/service/workers", "{\"count\": 5}").json();
            assertThat(resized.path("workers").path("desired").asInt()).isEqualTo(5);
            assertThat(resized.path("workers").path("alive").asInt()).isEqualTo(5);

            assertThat(http.post("/v1/service/stop?drain=1s", null).json().path("state").asText()).isIn("draining", "stopped");
            await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/v1/service").json().path("state").asText().equals("stopped"));
            assertThat(http.post("/v1/service/stop", null).json().path("state").asText()).isEqualTo("stopped");
            assertThat(http.get("/healthz").status()).as("HTTP stays up while stopped").isEqualTo(200);
            Http.Response queued = http.post("/v1/jobs", "{\"text\": \"accepted while stopped\"}");
            assertThat(queued.status()).isEqualTo(202);

            JsonNode started = http.post("/v1/service/start", null).json();
            assertThat(started.path("state").asText()).isEqualTo("running");
            assertThat(started.path("workers").path("alive").asInt()).isEqualTo(5);
            String id = queued.json().path("id").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/v1/jobs/" + id).json().path("state").asText().equals("succeeded"));
        }
    }

    @Test
    void status_answers_while_every_worker_is_busy() {
        try (C2aServer server = C2a.builder().dataDir(dir).port(0).workers(2).engines(new SlowEngine(5000))
                .set("drain", "0s").start()) {
            Http http = new Http(server.url());
            for (int i = 0; i < 6; i++) {
                http.post("/v1/jobs", "{\"text\": \"busy " + i + "\"}");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/v1/service").json().path("workers").path("busy").asInt() == 2);
            for (int i = 0; i < 20; i++) {
                JsonNode s = http.get("/v1/service").json();
                assertThat(s.path("jobs").path("queued").asInt()).isEqualTo(4);
                assertThat(s.path("workers").path("list").get(0).path("stage").asText()).isEqualTo("speaking");
            }
        }
    }

    @Test
    void with_an_api_token_every_v1_call_needs_it_and_health_does_not() {
        String token = "s3cret-token-for-tests";
        try (C2aServer server = C2a.builder().dataDir(dir).port(0).engine("noop").set("api-token", token).start()) {
            Http anonymous = new Http(server.url());
            Http.Response denied = anonymous.get("/v1/service");
            assertThat(denied.status()).isEqualTo(401);
            assertThat(denied.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(denied.json().path("detail").asText()).contains("Authorization: Bearer");
            assertThat(anonymous.post("/v1/jobs", "{\"text\": \"sneaky\"}").status()).isEqualTo(401);
            assertThat(new Http(server.url()).withToken("wrong-token-wrong-token").get("/v1/jobs").status()).isEqualTo(401);
            assertThat(anonymous.get("/healthz").status()).isEqualTo(200);

            Http authorised = new Http(server.url()).withToken(token);
            assertThat(authorised.get("/v1/service").status()).isEqualTo(200);
            assertThat(authorised.get("/v1/jobs").json().path("jobs")).isEmpty();
        }
    }
}
