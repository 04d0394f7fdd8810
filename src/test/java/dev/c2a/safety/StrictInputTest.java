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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests mean exactly what they say, and every refusal is a problem document in UTF-8. */
class StrictInputTest {
    @TempDir
    static Path dir;
    static C2aServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = C2a.builder().dataDir(dir).port(0).workers(1).engine("noop").set("autostart", "false").start();
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String detail(Http.Response r, int status) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        return r.json().path("detail").asText();
    }

    @Test
    void json_with_trailing_data_duplicate_keys_or_coerced_numbers_is_refused() {
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\"} {\"text\": \"again\"}"), 400)).startsWith("invalid JSON");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"text\": \"bye\"}"), 400)).contains("Duplicate field 'text'");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"options\": {\"sampleRate\": 8000.5}}"), 422))
                .contains("sampleRate").contains("wrong type");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"speed\": \"1.5\"}"), 422))
                .contains("'speed' has the wrong type: expected a number");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"options\": {\"normalize\": \"false\"}}"), 422))
                .contains("normalize");
    }

    @Test
    void a_problem_echoing_non_ascii_input_is_valid_utf8_json() throws Exception {
        Http.Response r = http.post("/v1/jobs", "{\"text\": \"hi\", \"voice\": \"声音-ünïcödé\"}");
        assertThat(r.status()).isEqualTo(422);
        JsonNode p = Json.MAPPER.readTree(new String(r.bytes(), StandardCharsets.UTF_8));
        assertThat(p.path("detail").asText()).contains("声音-ünïcödé");
    }

    @Test
    void an_idempotency_key_reused_with_another_request_is_a_422_naming_the_job() {
        Http.Response first = http.post("/v1/jobs", "{\"text\": \"one\", \"idempotencyKey\": \"k-1\"}");
        assertThat(first.status()).isEqualTo(202);
        String id = first.json().path("id").asText();
        Http.Response same = http.post("/v1/jobs", "{\"text\": \"one\", \"idempotencyKey\": \"k-1\"}");
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().path("id").asText()).isEqualTo(id);
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"two\", \"idempotencyKey\": \"k-1\"}"), 422))
                .isEqualTo("idempotencyKey 'k-1' was already used for a different request (job " + id
                        + "); send the same request again, or use a new key");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"one\", \"format\": \"flac\", \"idempotencyKey\": \"k-1\"}"),
                422)).contains("different request");
    }

    @Test
    void malformed_multipart_is_a_400() {
        Http.Response r = http.postAs("/v1/jobs", "multipart/form-data; boundary=abc",
                "--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello".getBytes());
        assertThat(detail(r, 400)).startsWith("the multipart body could not be read");
    }

    @Test
    void head_answers_what_get_would_without_the_body() throws Exception {
        Http.Response get = http.get("/healthz");
        String head = RawHttp.send(server.port(), "HEAD /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.status(head)).isEqualTo(200);
        assertThat(RawHttp.header(head, "Content-Type")).isEqualTo(get.header("Content-Type"));
        assertThat(RawHttp.header(head, "Content-Length")).isEqualTo(Integer.toString(get.bytes().length));
        assertThat(RawHttp.body(head)).isEmpty();
        String missing = RawHttp.send(server.port(), "HEAD /v1/jobs/nope HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.status(missing)).isEqualTo(404);
    }

    @Test
    void head_on_static_files_answers_what_get_would_without_the_body() throws Exception {
        for (String path : new String[] {"/", "/assets/style.css", "/docs", "/docs/swagger-ui.css"}) {
            Http.Response get = http.get(path);
            String head = RawHttp.send(server.port(), "HEAD " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(RawHttp.status(head)).as(path).isEqualTo(200);
            assertThat(RawHttp.header(head, "Content-Type")).as(path).isEqualTo(get.header("Content-Type"));
            assertThat(RawHttp.body(head)).as(path).isEmpty();
        }
    }

    @Test
    void a_path_climbing_out_of_a_static_folder_serves_nothing() throws Exception {
        for (String path : new String[] {"/assets/../openapi.json", "/assets/%2e%2e/openapi.json",
                "/assets/..%2F..%2Fc2a-build.properties", "/assets/%2e%2e/%2e%2e/c2a-build.properties",
                "/../c2a-build.properties", "/docs/../openapi.json", "/docs/%2e%2e/openapi.json",
                "/docs/..%5C..%5Copenapi.json", "/dashboard/index.html", "/logback.xml"}) {
            String r = RawHttp.send(server.port(), "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(RawHttp.status(r)).as(path).isIn(400, 404);
            assertThat(RawHttp.header(r, "Content-Type")).as(path).startsWith("application/problem+json");
        }
    }

    @Test
    void jetty_refusals_of_other_methods_are_problem_documents_too() throws Exception {
        String r = RawHttp.send(server.port(), "DELETE /v1/jobs/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.status(r)).isEqualTo(400);
        assertThat(RawHttp.header(r, "Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void the_http_servers_own_refusals_are_problem_documents_too() throws Exception {
        String huge = "x".repeat(64 * 1024);
        String r = RawHttp.send(server.port(), "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: " + huge
                + "\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.status(r)).isEqualTo(431);
        assertThat(RawHttp.header(r, "Content-Type")).startsWith("application/problem+json");
        assertThat(Json.MAPPER.readTree(RawHttp.body(r)).path("status").asInt()).isEqualTo(431);
        String bad = RawHttp.send(server.port(), "GET /v1/jobs/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.status(bad)).isEqualTo(400);
        assertThat(RawHttp.header(bad, "Content-Type")).startsWith("application/problem+json");
        assertThat(RawHttp.body(bad)).doesNotContain("<html");
    }
}
