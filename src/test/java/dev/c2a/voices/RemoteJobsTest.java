package dev.c2a.voices;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.testing.Http;
import dev.c2a.testing.OpenAiSpeechServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs for a remote engine while its server is down: they wait in the queue, their attempts
 * untouched, status says why, and they finish when the server is back. Jobs for local engines go on.
 */
class RemoteJobsTest {
    private static final String KEY = "sk-remote-0123456789";
    @TempDir
    java.nio.file.Path dir;
    OpenAiSpeechServer remote;
    C2aServer server;
    Http http;

    @BeforeEach
    void start() throws Exception {
        remote = new OpenAiSpeechServer(KEY);
        server = C2a.builder().dataDir(dir).port(0).workers(2).engine("flite,remote")
                .set("remote-url", remote.baseUrl()).set("remote-key", KEY).set("remote-retries", "0")
                .set("remote-break-after", "1").set("remote-open-for", "500ms").set("max-attempts", "2")
                .set("retry-base", "50ms").start();
        http = new Http(server.url());
    }

    @AfterEach
    void stop() {
        server.close();
        remote.close();
    }

    private String submit(String voice, String text) {
        Http.Response r = http.post("/v1/jobs", "{\"text\": \"" + text + "\", \"voice\": \"" + voice + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().path("id").asText();
    }

    private JsonNode job(String id) {
        return http.get("/v1/jobs/" + id).json();
    }

    private JsonNode remoteStatus() {
        for (JsonNode e : http.get("/v1/service").json().path("engines")) {
            if (e.path("name").asText().equals("remote")) {
                return e;
            }
        }
        throw new AssertionError("no remote engine in status");
    }

    @Test
    void a_remote_voice_speaks_through_the_server() {
        String id = submit("remote:nova", "Spoken far away.");
        await().atMost(Duration.ofSeconds(30)).until(() -> job(id).path("state").asText().equals("succeeded"));
        assertThat(job(id).path("result").path("sampleRate").asInt()).isEqualTo(24_000);
        assertThat(remote.requests()).anySatisfy(r -> assertThat(r.path("voice").asText()).isEqualTo("nova"));
        assertThat(remoteStatus().path("available").asBoolean()).isTrue();
        assertThat(remoteStatus().path("concurrency").asInt()).isEqualTo(4);
    }

    @Test
    void while_the_server_is_down_its_jobs_wait_without_using_attempts_and_finish_when_it_is_back() throws Exception {
        remote.down();
        String waiting = submit("remote:alloy", "Waiting for the server.");
        await().atMost(Duration.ofSeconds(20)).until(() -> !remoteStatus().path("available").asBoolean());
        assertThat(remoteStatus().path("detail").asText()).contains("circuit open");

        Http.Response speech = http.post("/v1/audio/speech",
                "{\"model\": \"c2a\", \"voice\": \"remote:nova\", \"input\": \"Now, please.\", \"response_format\": \"wav\"}");
        assertThat(speech.status()).as("a synchronous call cannot wait in the queue: 503").isEqualTo(503);
        assertThat(speech.header("Retry-After")).isNotBlank();
        assertThat(speech.json().path("error").path("message").asText()).contains("unavailable");

        String local = submit("flite:slt", "Local voices go on meanwhile.");
        await().atMost(Duration.ofSeconds(30)).until(() -> job(local).path("state").asText().equals("succeeded"));

        // several open periods pass: with max-attempts 2 the job would have failed had they counted
        Thread.sleep(3_000);
        JsonNode held = job(waiting);
        assertThat(held.path("state").asText()).isIn("queued", "running");
        assertThat(held.path("attempts").asInt()).isLessThanOrEqualTo(1);

        remote.up();
        await().atMost(Duration.ofSeconds(30)).until(() -> job(waiting).path("state").asText().equals("succeeded"));
        assertThat(remoteStatus().path("available").asBoolean()).isTrue();
    }
}
