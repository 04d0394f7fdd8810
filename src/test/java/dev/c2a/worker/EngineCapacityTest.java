package dev.c2a.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.speech.noop.NoopEngine;
import dev.c2a.testing.FailingEngine;
import dev.c2a.testing.GateEngine;
import dev.c2a.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Claims respect each engine's concurrency: with an engine that takes one call at once and more
 * workers than that, one of its jobs runs and the others stay queued — no worker holds a lease
 * waiting for the engine — while another engine's job runs beside it.
 */
class EngineCapacityTest {
    @TempDir
    Path dir;

    @Test
    void a_busy_engines_jobs_wait_in_the_queue_not_on_a_lease_while_another_engines_job_runs() throws Exception {
        GateEngine gate = new GateEngine(1);
        try (C2aServer server = C2a.builder().dataDir(dir).port(0).workers(3).engines(gate, new NoopEngine())
                .set("autostart", "true").start()) {
            Http http = new Http(server.url());
            List<String> gated = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                gated.add(http.post("/v1/jobs", "{\"text\": \"Gated " + i + ".\", \"voice\": \"gate:en\"}").json()
                        .path("id").asText());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> gate.waiting() == 1);
            String other = http.post("/v1/jobs", "{\"text\": \"Not gated.\", \"voice\": \"noop:en\"}").json()
                    .path("id").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> state(http, other).equals("succeeded"));

            // the gate's engine holds one call; its other two jobs stay queued: the claims pass them over
            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() ->
                    gated.stream().filter(id -> state(http, id).equals("running")).count() == 1
                            && gate.waiting() == 1);
            JsonNode gateStatus = null;
            for (JsonNode e : http.get("/v1/service").json().path("engines")) {
                if (e.path("name").asText().equals("gate")) {
                    gateStatus = e;
                }
            }
            assertThat(gateStatus).isNotNull();
            assertThat(gateStatus.path("concurrency").asInt()).isEqualTo(1);
            assertThat(gateStatus.path("jobs").asInt()).as("status shows the engine full").isEqualTo(1);
            gate.open();
            await().atMost(Duration.ofSeconds(30)).until(() -> gated.stream()
                    .allMatch(id -> state(http, id).equals("succeeded")));
            for (String id : gated) {
                JsonNode job = http.get("/v1/jobs/" + id).json();
                assertThat(job.path("attempts").asInt()).as("hand-backs use no attempt: " + job).isEqualTo(1);
            }
        }
    }

    @Test
    void jobs_one_claim_took_beyond_their_engines_slots_go_back_at_once_counted_and_run_later() {
        GateEngine gate = new GateEngine(1);
        // with a second engine of many slots, three idle workers may claim at once
        try (C2aServer server = C2a.builder().dataDir(dir).port(0).workers(3).engines(gate, new NoopEngine())
                .set("autostart", "true").start()) {
            Http http = new Http(server.url());
            // one commit of three jobs for three idle workers: the claim for them takes all three (the gate
            // engine is not full yet), the engine takes one; two are handed back
            String job = "{\"text\": \"Gated.\", \"voice\": \"gate:en\"}";
            JsonNode batch = http.post("/v1/jobs/batch", "{\"jobs\": [" + job + ", " + job + ", " + job + "]}").json();
            List<String> ids = new ArrayList<>();
            batch.path("jobs").forEach(j -> ids.add(j.path("id").asText()));
            assertThat(ids).hasSize(3);
            await().atMost(Duration.ofSeconds(30)).until(() -> gate.waiting() == 1);
            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() ->
                    ids.stream().filter(id -> state(http, id).equals("running")).count() == 1);
            assertThat(server.service().status().counters().get("handedBack")).as("counted").isBetween(1L, 2L);
            gate.open();
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                    .allMatch(id -> state(http, id).equals("succeeded")));
            for (String id : ids) {
                assertThat(http.get("/v1/jobs/" + id).json().path("attempts").asInt()).isEqualTo(1);
            }
        }
    }

    @Test
    void a_job_that_fails_gives_its_engine_slot_back() {
        try (C2aServer server = C2a.builder().dataDir(dir).port(0).workers(2).engines(new FailingEngine())
                .set("autostart", "true").set("max-attempts", "1").start()) {
            Http http = new Http(server.url());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ids.add(http.post("/v1/jobs", "{\"text\": \"Fails " + i + ".\"}").json().path("id").asText());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                    .allMatch(id -> state(http, id).equals("failed")));
            JsonNode engine = http.get("/v1/service").json().path("engines").get(0);
            assertThat(engine.path("jobs").asInt()).as(engine.toString()).isZero();
        }
    }

    private static String state(Http http, String id) {
        return http.get("/v1/jobs/" + id).json().path("state").asText();
    }
}
