package dev.c2a.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.json.Json;
import dev.c2a.testing.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /v1/events} through a real server: what a dashboard hears, and that it needs the token. */
@Tag("slow")
class EventStreamTest {
    private static final String TOKEN = "events-test-token-0123456789";
    @TempDir
    static Path dir;
    static C2aServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = C2a.builder().dataDir(dir).port(0).workers(2).engine("espeak-ng").set("api-token", TOKEN).start();
        http = new Http(server.url()).withToken(TOKEN);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Reads events on a virtual thread into a list of {name, data}. */
    private static List<String[]> listen(List<AutoCloseable> toClose) throws Exception {
        List<String[]> events = new CopyOnWriteArrayList<>();
        HttpResponse<java.io.InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.url() + "/v1/events")).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        toClose.add(r.body());
        Thread.startVirtualThread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String name = null;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("event: ")) {
                        name = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        events.add(new String[] {name, line.substring(6)});
                    }
                }
            } catch (Exception ignored) {
                // closed by the test
            }
        });
        return events;
    }

    @Test
    void a_listener_hears_the_status_first_then_every_state_of_a_job_and_the_status_each_second() throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        try {
            List<String[]> events = listen(open);
            await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
            assertThat(events.get(0)[0]).isEqualTo("status");
            assertThat(Json.read(events.get(0)[1], JsonNode.class).path("workers").path("desired").asInt()).isEqualTo(2);

            String id = http.post("/v1/jobs", "{\"text\": \"Heard by the dashboard.\"}").json().path("id").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> states(events, id).contains("succeeded"));
            assertThat(states(events, id)).containsExactly("queued", "running", "succeeded");
            long statuses = events.stream().filter(e -> e[0].equals("status")).count();
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    events.stream().filter(e -> e[0].equals("status")).count() > statuses);
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e[0].equals("sample")));
            assertThat(http.get("/v1/service/history").json().path("samples")).isNotEmpty();
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
        }
    }

    private static List<String> states(List<String[]> events, String id) {
        return events.stream().filter(e -> e[0].equals("job")).map(e -> Json.read(e[1], JsonNode.class))
                .filter(j -> j.path("id").asText().equals(id)).map(j -> j.path("state").asText()).toList();
    }

    @Test
    void without_the_token_there_is_no_stream_and_closed_listeners_are_forgotten() throws Exception {
        assertThat(new Http(server.url()).get("/v1/events").status()).isEqualTo(401);
        List<AutoCloseable> open = new ArrayList<>();
        List<String[]> events = listen(open);
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
        assertThat(server.service().eventListeners()).isPositive();
        for (AutoCloseable c : open) {
            c.close();
        }
        // the server notices at its next write (status every second)
        await().atMost(Duration.ofSeconds(10)).until(() -> server.service().eventListeners() == 0);
    }

    @Test
    void search_and_retry_all_failed_are_on_the_jobs_api() {
        String id = http.post("/v1/jobs", "{\"text\": \"A quokka smiled.\"}").json().path("id").asText();
        JsonNode found = http.get("/v1/jobs?q=QUOKKA").json();
        assertThat(found.path("jobs")).extracting(j -> j.path("id").asText()).containsExactly(id);
        assertThat(http.get("/v1/jobs?q=" + id.substring(0, 8)).json().path("jobs").size()).isPositive();
        assertThat(http.get("/v1/jobs?q=" + "x".repeat(201)).status()).isEqualTo(422);
        assertThat(http.post("/v1/jobs/retry-failed", null).json().path("retried").asInt()).isZero();
    }
}
