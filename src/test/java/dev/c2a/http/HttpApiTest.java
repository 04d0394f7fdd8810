package dev.c2a.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.testing.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The API through a real server on port 0, with real espeak-ng and a real SQLite file. */
class HttpApiTest {
    static final int TEXT_LIMIT = 100_000;
    @TempDir
    static Path dir;
    static C2aServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = C2a.builder().dataDir(dir).port(0).workers(2).engine("espeak-ng").set("max-text-bytes", Integer.toString(TEXT_LIMIT))
                .start();
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode awaitFinal(String id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Set.of("succeeded", "failed", "cancelled")
                .contains(http.get("/v1/jobs/" + id).json().path("state").asText()));
        return http.get("/v1/jobs/" + id).json();
    }

    @Test
    void a_submitted_job_is_accepted_with_its_location_then_speaks_into_a_seekable_wav() {
        Http.Response r = http.post("/v1/jobs", "{\"text\": \"Dr. Smith reads the news. It is a fine day!\", \"voice\": \"en-us\"}");

        assertThat(r.status()).isEqualTo(202);
        String id = r.json().path("id").asText();
        assertThat(r.header("Location")).isEqualTo("/v1/jobs/" + id);
        assertThat(r.json().path("state").asText()).isIn("queued", "running", "succeeded");

        JsonNode done = awaitFinal(id);
        assertThat(done.path("state").asText()).isEqualTo("succeeded");
        assertThat(done.path("attempts").asInt()).isEqualTo(1);
        assertThat(done.path("progress").path("done").asInt()).isEqualTo(2);
        assertThat(done.path("progress").path("total").asInt()).isEqualTo(2);
        assertThat(done.path("startedAt").asText()).isNotBlank();
        assertThat(done.path("finishedAt").asText()).isNotBlank();
        JsonNode result = done.path("result");
        assertThat(result.path("durationSeconds").asDouble()).isBetween(1.0, 10.0);
        assertThat(result.path("sampleRate").asInt()).isEqualTo(22050);

        Http.Response audio = http.get(result.path("audioUrl").asText());
        assertThat(audio.status()).isEqualTo(200);
        assertThat(audio.header("Content-Type")).startsWith("audio/wav");
        assertThat(audio.bytes().length).isEqualTo(result.path("bytes").asInt());
        assertThat(new String(audio.bytes(), 0, 4)).isEqualTo("RIFF");
        assertThat(new String(audio.bytes(), 8, 4)).isEqualTo("WAVE");

        Http.Response part = http.get(result.path("audioUrl").asText(), "Range", "bytes=100-199");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.bytes()).containsExactly(java.util.Arrays.copyOfRange(audio.bytes(), 100, 200));
        assertThat(part.header("Content-Range")).isEqualTo("bytes 100-199/" + audio.bytes().length);
    }

    @Test
    void chinese_text_is_spoken_with_the_pinyin_voice() {
        Http.Response r = http.post("/v1/jobs", "{\"text\": \"你好。今天天气很好！\", \"voice\": \"zh\"}");
        assertThat(r.json().path("voice").asText()).isEqualTo("espeak-ng:cmn-latn-pinyin");
        JsonNode done = awaitFinal(r.json().path("id").asText());
        assertThat(done.path("state").asText()).isEqualTo("succeeded");
        assertThat(done.path("progress").path("total").asInt()).isEqualTo(2);
        assertThat(done.path("result").path("durationSeconds").asDouble()).isGreaterThan(0.5);
    }

    @Test
    void ssml_jobs_are_spoken() {
        Http.Response r = http.post("/v1/jobs", "{\"text\": \"<speak>Hello <break time='300ms'/> there.</speak>\", \"ssml\": true}");
        assertThat(r.status()).isEqualTo(202);
        assertThat(awaitFinal(r.json().path("id").asText()).path("state").asText()).isEqualTo("succeeded");
    }

    @Test
    void a_repeated_idempotency_key_returns_the_existing_job() {
        Http.Response first = http.post("/v1/jobs", "{\"text\": \"Once.\", \"idempotencyKey\": \"order-42\"}");
        Http.Response again = http.post("/v1/jobs", "{\"text\": \"Once.\", \"idempotencyKey\": \"order-42\"}");
        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
    }

    @Test
    void a_batch_is_accepted_whole_or_refused_whole_naming_the_bad_job() {
        long before = totalJobs();
        Http.Response bad = http.post("/v1/jobs/batch", "{\"jobs\": [{\"text\": \"fine\"}, {\"text\": \"  \"}]}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().path("detail").asText()).startsWith("jobs[1]: text is empty");
        assertThat(totalJobs()).isEqualTo(before);

        Http.Response ok = http.post("/v1/jobs/batch", "{\"jobs\": [{\"text\": \"One.\"}, {\"text\": \"Two.\"}, {\"text\": \"Three.\"}]}");
        assertThat(ok.status()).isEqualTo(202);
        assertThat(ok.json().path("jobs")).hasSize(3);
        assertThat(totalJobs()).isEqualTo(before + 3);
    }

    @Test
    void jobs_are_listed_newest_first_in_pages_and_by_state() {
        for (int i = 0; i < 3; i++) {
            http.post("/v1/jobs", "{\"text\": \"Listed " + i + ".\"}");
        }
        JsonNode page = http.get("/v1/jobs?limit=2").json();
        assertThat(page.path("jobs")).hasSize(2);
        String cursor = page.path("nextCursor").asText();
        JsonNode next = http.get("/v1/jobs?limit=2&cursor=" + cursor).json();
        assertThat(next.path("jobs").get(0).path("id").asText())
                .isNotEqualTo(page.path("jobs").get(1).path("id").asText());
        assertThat(page.path("jobs").get(0).path("queuedAt").asText())
                .isGreaterThanOrEqualTo(page.path("jobs").get(1).path("queuedAt").asText());
        JsonNode failed = http.get("/v1/jobs?state=failed").json();
        assertThat(failed.path("jobs")).allSatisfy(j -> assertThat(j.path("state").asText()).isEqualTo("failed"));
    }

    @Test
    void voices_come_from_espeak_ng_and_filter_by_language() {
        JsonNode v = http.get("/v1/voices").json();
        assertThat(v.path("engines").get(0).asText()).isEqualTo("espeak-ng");
        assertThat(v.path("voices").size()).isGreaterThan(100);
        JsonNode en = http.get("/v1/voices?language=en").json();
        assertThat(en.path("voices")).isNotEmpty()
                .allSatisfy(x -> assertThat(x.path("language").asText()).startsWith("en"));
    }

    @Test
    void health_readiness_and_metrics_answer() {
        assertThat(http.get("/healthz").json().path("status").asText()).isEqualTo("ok");
        assertThat(http.get("/readyz").status()).isEqualTo(200);
        Http.Response m = http.get("/metrics");
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.text()).contains("c2a_jobs_total{outcome=\"succeeded\"}", "c2a_queue_depth",
                "c2a_workers_busy", "c2a_job_duration_seconds_bucket", "c2a_audio_produced_seconds_total");
    }

    @Test
    void status_reports_state_workers_counts_engine_and_version() {
        JsonNode s = http.get("/v1/service").json();
        assertThat(s.path("state").asText()).isEqualTo("running");
        assertThat(s.path("workers").path("desired").asInt()).isEqualTo(2);
        assertThat(s.path("workers").path("list")).hasSize(2);
        assertThat(s.path("jobs").has("queued")).isTrue();
        assertThat(s.path("engines").get(0).path("name").asText()).isEqualTo("espeak-ng");
        assertThat(s.path("engines").get(0).path("available").asBoolean()).isTrue();
        assertThat(s.path("queue").path("available").asBoolean()).isTrue();
        assertThat(s.path("version").asText()).isEqualTo("0.1.0");
        assertThat(s.path("dataDir").asText()).isEqualTo(dir.toAbsolutePath().toString());
    }

    @Test
    void the_swagger_ui_is_served_from_the_jar() {
        Http.Response docs = http.get("/docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.header("Content-Type")).isEqualToIgnoringWhitespace("text/html; charset=utf-8");
        assertThat(docs.text()).contains("/openapi.json", "/docs/swagger-ui-bundle.js");
        Http.Response bundle = http.get("/docs/swagger-ui-bundle.js");
        assertThat(bundle.bytes().length).isGreaterThan(100_000);
        assertThat(bundle.header("Cache-Control")).isEqualTo("max-age=86400");
        assertThat(http.get("/docs/..%2F..%2Fetc%2Fpasswd").status()).isIn(400, 404);
        assertThat(http.get("/docs/pom.xml").status()).isEqualTo(404);
        // the webjar's own pages (its index points at a demo API elsewhere) are not ours to serve
        assertThat(http.get("/docs/swagger-initializer.js").status()).isEqualTo(404);
        assertThat(http.get("/docs/oauth2-redirect.html").status()).isEqualTo(404);
    }

    @Test
    void the_dashboard_is_served_with_its_content_security_policy_and_a_problem_for_a_missing_file() {
        Http.Response page = http.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualToIgnoringWhitespace("text/html; charset=utf-8");
        assertThat(page.text()).contains("<title>c2a dashboard</title>", "/assets/style.css");
        Http.Response css = http.get("/assets/style.css");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type")).isEqualToIgnoringWhitespace("text/css; charset=utf-8");
        for (Http.Response r : new Http.Response[] {page, css}) {
            assertThat(r.header("Content-Security-Policy")).startsWith("default-src 'self';").contains("frame-ancestors 'none'");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
        }
        assertThat(http.get("/", "If-None-Match", page.header("ETag")).status()).isEqualTo(304);
        Http.Response missing = http.get("/assets/nope.js");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
    }

    static long totalJobs() {
        return HttpApiTestSupport.totalJobs(http);
    }
}
