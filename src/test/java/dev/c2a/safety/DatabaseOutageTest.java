package dev.c2a.safety;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.testing.Http;
import dev.c2a.testing.Postgres;
import dev.c2a.testing.GateEngine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A PostgreSQL server that goes down under a running service and comes back, for real (a server of
 * the test's own, stopped as an administrator would): submissions are refused with 503 and a
 * Retry-After meanwhile, status and readiness say why, the jobs that were running finish, and the
 * service recovers by itself, with no job lost or done twice.
 */
@Tag(Postgres.TAG)
@Tag("slow")
class DatabaseOutageTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration LEASE = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void while_the_database_is_down_submissions_get_503_and_the_service_recovers_by_itself_losing_nothing()
            throws Exception {
        // the engine holds both workers mid-job until the database is down
        GateEngine engine = new GateEngine();
        try (Postgres.Own postgres = Postgres.own()) {
            String url = postgres.start();
            try (C2aServer c2a = C2a.builder().dataDir(dir).port(0).workers(2).engines(engine)
                    .set("queue", "postgres").set("database-url", url).set("lease", LEASE.toSeconds() + "s").start()) {
                Http http = new Http(c2a.url());
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    ids.add(submit(http, "Job " + i + " is spoken while the database comes and goes.").path("id")
                            .asText());
                }
                await().atMost(PATIENCE).until(() -> engine.waiting() == 2);

                postgres.stop();

                Http.Response refused = http.post("/v1/jobs", "{\"text\": \"Sent while the database is down.\"}");
                assertThat(refused.status()).as(refused.text()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("5");
                assertThat(refused.json().path("detail").asText()).startsWith("database ");
                JsonNode queue = http.get("/v1/service").json().path("queue");
                assertThat(queue.path("available").asBoolean()).as("status: %s", queue).isFalse();
                assertThat(queue.path("error").asText()).isNotEmpty();
                assertThat(http.get("/readyz").status()).isEqualTo(503);
                // the two running jobs are spoken to their end; how they ended waits for the database,
                // which stays away past their leases: on its return, the held completions race the
                // recovery of expired leases, and either way each job must succeed once
                engine.open();
                Thread.sleep(LEASE.plusSeconds(1));

                postgres.start();

                await().atMost(PATIENCE).until(() -> http.get("/readyz").status() == 200);
                ids.add(submit(http, "Sent after the database came back.").path("id").asText());
                await().atMost(PATIENCE).until(() -> ids.stream().allMatch(id ->
                        http.get("/v1/jobs/" + id).json().path("state").asText().equals("succeeded")));
                for (String id : ids) {
                    assertThat(http.get("/v1/jobs/" + id).json().path("attempts").asInt())
                            .as("job %s: an outage is not a failed attempt", id).isEqualTo(1);
                }
                JsonNode status = http.get("/v1/service").json();
                assertThat(status.path("jobs").path("succeeded").asLong()).as("nothing lost, nothing doubled")
                        .isEqualTo(ids.size());
                assertThat(status.path("counters").path("succeeded").asLong()).isEqualTo(ids.size());
                assertThat(status.path("jobs").path("failed").asLong()).isZero();
            }
        }
    }

    private static JsonNode submit(Http http, String text) {
        Http.Response r = http.post("/v1/jobs", "{\"text\": \"" + text + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json();
    }
}
