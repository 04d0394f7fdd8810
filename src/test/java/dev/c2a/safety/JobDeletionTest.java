package dev.c2a.safety;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.testing.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Finished jobs and their files can be deleted, one or many; many jobs can be cancelled at once. */
class JobDeletionTest {
    @TempDir
    static Path dir;
    static C2aServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = C2a.builder().dataDir(dir).port(0).workers(1).engine("espeak-ng,dev.c2a.testing.SlowEngine").start();
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String submit(String text) {
        Http.Response r = http.post("/v1/jobs", "{\"text\": \"" + text + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().path("id").asText();
    }

    private static JsonNode waitFor(String id, String state) {
        return await().atMost(Duration.ofMinutes(1)).until(() -> http.get("/v1/jobs/" + id).json(),
                j -> j.path("state").asText().equals(state));
    }

    private static long filesOf(String id) throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("audio"))) {
            return files.filter(f -> f.getFileName().toString().startsWith(id)).count();
        }
    }

    @Test
    void deleting_a_finished_job_removes_it_and_its_files() throws Exception {
        String id = submit("Delete me when I am done.");
        waitFor(id, "succeeded");
        assertThat(filesOf(id)).isPositive();
        assertThat(http.delete("/v1/jobs/" + id).status()).isEqualTo(204);
        assertThat(http.get("/v1/jobs/" + id).status()).isEqualTo(404);
        assertThat(http.get("/v1/jobs/" + id + "/audio").status()).isEqualTo(404);
        assertThat(filesOf(id)).isZero();
        assertThat(http.delete("/v1/jobs/" + id).status()).isEqualTo(404);
    }

    @Test
    void a_running_job_is_not_deleted_until_it_is_cancelled() {
        Http.Response r0 = http.post("/v1/jobs", "{\"text\": \"" + "A slow voice keeps the only worker busy. ".repeat(200)
                + "\", \"voice\": \"slow:en\"}");
        assertThat(r0.status()).as(r0.text()).isEqualTo(202);
        String id = r0.json().path("id").asText();
        waitFor(id, "running");
        Http.Response r = http.delete("/v1/jobs/" + id);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().path("detail").asText()).contains("is running; cancel it first");
        assertThat(http.post("/v1/jobs/" + id + "/cancel", null).status()).isEqualTo(200);
        waitFor(id, "cancelled");
        assertThat(http.delete("/v1/jobs/" + id).status()).isEqualTo(204);
    }

    @Test
    void queued_jobs_are_cancelled_and_deleted_in_bulk_by_state() {
        http.post("/v1/service/pause", null);
        try {
            for (int i = 0; i < 3; i++) {
                submit("Bulk job number " + i + ".");
            }
            assertThat(http.post("/v1/jobs/cancel?state=queued", null).json().path("cancelled").asInt()).isEqualTo(3);
            assertThat(http.get("/v1/jobs?state=queued").json().path("jobs")).isEmpty();
            assertThat(http.delete("/v1/jobs?state=cancelled").json().path("deleted").asInt()).isGreaterThanOrEqualTo(3);
            assertThat(http.get("/v1/jobs?state=cancelled").json().path("jobs")).isEmpty();
            assertThat(http.delete("/v1/jobs").status()).isEqualTo(422);
            assertThat(http.delete("/v1/jobs?state=running").status()).isEqualTo(422);
        } finally {
            http.post("/v1/service/resume", null);
        }
    }
}
