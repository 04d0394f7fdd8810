package dev.c2a.safety;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.json.Json;
import dev.c2a.testing.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token-less service on loopback (the default) cannot be used by a web page of another site:
 * the requests here are what a browser sends for such a page's forms, fetches and rebound names.
 */
class CrossSiteTest {
    @TempDir
    static Path dir;
    static C2aServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = C2a.builder().dataDir(dir).port(0).workers(1).engine("noop").set("allowed-hosts", "c2a.internal")
                .start();
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String raw(String method, String path, String host, String... headersAndBody) throws Exception {
        StringBuilder r = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
        String body = "";
        for (int i = 0; i < headersAndBody.length; i += 2) {
            if (headersAndBody[i].equals("body")) {
                body = headersAndBody[i + 1];
            } else {
                r.append(headersAndBody[i]).append(": ").append(headersAndBody[i + 1]).append("\r\n");
            }
        }
        r.append("Content-Length: ").append(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .append("\r\n\r\n").append(body);
        return RawHttp.send(server.port(), r.toString());
    }

    private static JsonNode problem(String response, int status) throws Exception {
        assertThat(RawHttp.status(response)).as(response).isEqualTo(status);
        assertThat(RawHttp.header(response, "Content-Type")).startsWith("application/problem+json");
        return Json.MAPPER.readTree(RawHttp.body(response));
    }

    @Test
    void a_cross_site_form_post_with_text_plain_cannot_stop_the_service() throws Exception {
        String host = "127.0.0.1:" + server.port();
        String r = raw("POST", "/v1/service/stop", host, "Origin", "https://evil.example", "Content-Type", "text/plain",
                "body", "x");
        assertThat(problem(r, 403).path("detail").asText()).startsWith("cross-site request refused: Origin");
        assertThat(http.get("/v1/service").json().path("state").asText()).isEqualTo("running");
    }

    @Test
    void a_cross_site_post_cannot_queue_a_job_in_any_content_type() throws Exception {
        String host = "localhost:" + server.port();
        long before = http.get("/v1/service").json().path("jobs").path("queued").asLong()
                + http.get("/v1/service").json().path("jobs").path("succeeded").asLong();
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            problem(raw("POST", "/v1/jobs", host, "Origin", "http://localhost:3000", "Content-Type", type,
                    "body", "{\"text\": \"hello\"}"), 403);
        }
        problem(raw("POST", "/v1/audio/speech", host, "Origin", "null", "Content-Type", "text/plain",
                "body", "{\"model\": \"tts-1\", \"input\": \"hi\", \"voice\": \"alloy\"}"), 403);
        problem(raw("POST", "/v1/jobs/batch", host, "Sec-Fetch-Site", "cross-site", "Content-Type", "application/json",
                "body", "{\"jobs\": [{\"text\": \"hi\"}]}"), 403);
        JsonNode jobs = http.get("/v1/service").json().path("jobs");
        assertThat(jobs.path("queued").asLong() + jobs.path("succeeded").asLong()).isEqualTo(before);
    }

    @Test
    void the_dashboard_origin_and_programs_without_an_origin_are_served() throws Exception {
        String host = "127.0.0.1:" + server.port();
        String own = raw("POST", "/v1/service/pause", host, "Origin", "http://" + host);
        assertThat(RawHttp.status(own)).as(own).isEqualTo(200);
        String curl = raw("POST", "/v1/service/resume", host);
        assertThat(RawHttp.status(curl)).as(curl).isEqualTo(200);
        String named = raw("POST", "/v1/jobs", "c2a.internal:" + server.port(), "Origin", "http://c2a.internal:"
                + server.port(), "Content-Type", "application/json", "body", "{\"text\": \"hello\"}");
        assertThat(RawHttp.status(named)).as(named).isEqualTo(202);
    }

    @Test
    void a_rebound_host_name_cannot_read_jobs_or_audio() throws Exception {
        for (String path : new String[] {"/v1/jobs", "/v1/service", "/", "/healthz"}) {
            JsonNode p = problem(raw("GET", path, "attacker.example:" + server.port()), 421);
            assertThat(p.path("detail").asText()).contains("'attacker.example:" + server.port() + "'")
                    .contains("allowed-hosts");
        }
        assertThat(RawHttp.status(raw("GET", "/healthz", "[::1]:" + server.port()))).isEqualTo(200);
        assertThat(RawHttp.status(raw("GET", "/healthz", "localhost"))).isEqualTo(200);
    }

    @Test
    void json_bodies_must_say_they_are_json() {
        Http.Response r = http.postAs("/v1/jobs", "application/x-www-form-urlencoded", "{\"text\": \"hi\"}".getBytes());
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.json().path("detail").asText()).contains("curl -d sends that; add -H 'Content-Type: application/json'");
        assertThat(http.postAs("/v1/jobs/batch", "text/plain", "{\"jobs\": [{\"text\": \"hi\"}]}".getBytes()).status())
                .isEqualTo(415);
        assertThat(http.postAs("/v1/audio/speech", "text/plain",
                "{\"model\": \"tts-1\", \"input\": \"hi\", \"voice\": \"alloy\"}".getBytes()).status()).isEqualTo(415);
    }
}
