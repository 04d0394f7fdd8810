package dev.c2a.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.testing.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each bad request gets a problem document a person understands, leaves no job behind and stops
 * no worker.
 */
class BadInputTest {
    @TempDir
    static Path dir;
    static C2aServer server;
    static Http http;
    private long jobsBefore;

    @BeforeAll
    static void start() {
        server = C2a.builder().dataDir(dir).port(0).workers(2).engine("espeak-ng").set("max-text-bytes", "1000")
                .set("max-upload-bytes", "100000").set("max-expanded-bytes", "1000000").start();
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void count() {
        jobsBefore = HttpApiTestSupport.totalJobs(http);
    }

    @AfterEach
    void nothingLeftBehindAndStillRunning() {
        assertThat(HttpApiTestSupport.totalJobs(http)).as("no job row left behind").isEqualTo(jobsBefore);
        JsonNode s = http.get("/v1/service").json();
        assertThat(s.path("state").asText()).isEqualTo("running");
        assertThat(s.path("workers").path("alive").asInt()).isEqualTo(2);
    }

    private static JsonNode problem(Http.Response r, int status) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("title").asText()).isNotBlank();
        return p;
    }

    private static String detail(Http.Response r, int status) {
        return problem(r, status).path("detail").asText();
    }

    @Test
    void invalid_json_is_a_400_that_says_where() {
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\",}"), 400)).startsWith("invalid JSON at line 1");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": "), 400)).startsWith("invalid JSON");
        assertThat(detail(http.post("/v1/jobs", "[1, 2]"), 422)).startsWith("the request body has the wrong type: expected an object");
        assertThat(detail(http.post("/v1/jobs", "not json at all"), 400)).startsWith("invalid JSON");
    }

    @Test
    void an_empty_or_null_body_is_a_400() {
        assertThat(detail(http.post("/v1/jobs", ""), 400)).isEqualTo("the request body is empty; expected a JSON object");
        assertThat(detail(http.post("/v1/jobs", "null"), 400)).contains("JSON null");
    }

    @Test
    void invalid_utf8_is_a_400_naming_the_offset() {
        byte[] prefix = "{\"text\": \"caf".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 3];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3;
        body[prefix.length + 1] = (byte) 0x28;
        body[prefix.length + 2] = '"';
        assertThat(detail(http.postBytes("/v1/jobs", body), 400))
                .isEqualTo("the request body is not valid UTF-8 (bad byte sequence at offset " + prefix.length + ")");
    }

    @Test
    void uploaded_text_that_is_not_utf8_is_a_422_naming_the_offset() {
        byte[] markdown = {'#', ' ', 'c', 'a', 'f', (byte) 0xC3, 0x28};
        assertThat(detail(http.postMultipart("/v1/jobs", "notes.md", markdown), 422))
                .isEqualTo("the text/markdown content is not valid UTF-8 (bad byte sequence at offset 5)");
    }

    @Test
    void empty_or_blank_text_is_a_422() {
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"\"}"), 422)).startsWith("text is empty");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \" \\n\\t \"}"), 422)).startsWith("text is empty");
        assertThat(detail(http.post("/v1/jobs", "{}"), 422)).startsWith("text is empty");
    }

    @Test
    void text_over_the_limit_is_a_413_naming_the_limit_and_setting() {
        String text = "é".repeat(501);
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"" + text + "\"}"), 413))
                .isEqualTo("text is 1002 bytes; the limit is 1000 bytes (setting max-text-bytes)");
    }

    @Test
    void a_body_far_over_the_limit_is_refused_while_reading() {
        byte[] huge = new byte[3 << 20];
        java.util.Arrays.fill(huge, (byte) 'a');
        assertThat(detail(http.postBytes("/v1/jobs", huge), 413)).startsWith("the request body is over");
    }

    @Test
    void an_unknown_voice_is_a_422_naming_close_matches() {
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"voice\": \"en-uss\"}"), 422))
                .startsWith("voice 'en-uss' is not offered by espeak-ng; close matches: espeak-ng:en-us");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"voice\": \"\\u0000\\u0007../x\"}"), 422))
                .contains("is not offered");
    }

    @Test
    void an_unknown_format_speed_or_field_is_a_422() {
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"format\": \"mp9\"}"), 422))
                .isEqualTo("format 'mp9' is not supported; supported: wav, mp3, ogg, m4a, m4b, flac");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"speed\": 40}"), 422))
                .startsWith("speed must be between 0.5 and 2.5");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"sped\": 1}"), 422))
                .startsWith("unknown field 'sped'; known fields:");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": [1]}"), 422)).contains("field 'text' has the wrong type");
    }

    @Test
    void malformed_or_hostile_ssml_is_a_422_with_line_and_column() {
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"<speak>\\n<b>unclosed</speak>\", \"ssml\": true}"), 422))
                .startsWith("SSML is not valid at line 2");
        String xxe = "<?xml version=\\\"1.0\\\"?><!DOCTYPE x [<!ENTITY e SYSTEM \\\"file:///etc/passwd\\\">]><speak>&e;</speak>";
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"" + xxe + "\", \"ssml\": true}"), 422))
                .contains("DOCTYPE");
    }

    @Test
    void unknown_jobs_are_404_for_every_job_route() {
        for (String path : new String[] {"/v1/jobs/nope", "/v1/jobs/nope/audio", "/v1/jobs/..%2F..%2Fetc%2Fpasswd",
                "/v1/jobs/" + "x".repeat(5000)}) {
            assertThat(detail(http.get(path), 404)).as(path).contains("no job with id");
        }
        assertThat(detail(http.delete("/v1/jobs/nope"), 404)).isEqualTo("no job with id 'nope'");
        assertThat(detail(http.post("/v1/jobs/nope/retry", null), 404)).isEqualTo("no job with id 'nope'");
        assertThat(detail(http.get("/v1/nothing-here"), 404)).isEqualTo("no route GET /v1/nothing-here; the API is described at /openapi.json");
    }

    @Test
    void a_worker_count_of_zero_negative_too_many_or_not_a_number_is_a_422() {
        for (String count : new String[] {"0", "-3", "65", "100000"}) {
            assertThat(detail(http.put("/v1/service/workers", "{\"count\": " + count + "}"), 422))
                    .isEqualTo("count must be between 1 and 64 (setting max-workers), got " + count);
        }
        assertThat(detail(http.put("/v1/service/workers", "{\"count\": \"many\"}"), 422)).contains("field 'count'");
        assertThat(detail(http.put("/v1/service/workers", "{}"), 422)).startsWith("count is missing");
    }

    @Test
    void bad_list_parameters_and_drain_values_are_422() {
        assertThat(detail(http.get("/v1/jobs?state=done"), 422)).startsWith("state: unknown job state 'done'");
        assertThat(detail(http.get("/v1/jobs?limit=0"), 422)).startsWith("limit must be");
        assertThat(detail(http.get("/v1/jobs?cursor=abc"), 422)).startsWith("cursor must be");
        assertThat(detail(http.post("/v1/service/stop?drain=forever", null), 422)).startsWith("drain: expected a duration");
        assertThat(detail(http.post("/v1/service/stop?drain=5h", null), 422)).startsWith("drain must be between");
    }

    @Test
    void an_empty_batch_or_a_batch_of_nothing_is_a_422() {
        assertThat(detail(http.post("/v1/jobs/batch", "{\"jobs\": []}"), 422)).startsWith("the batch has no jobs");
        assertThat(detail(http.post("/v1/jobs/batch", "{}"), 422)).startsWith("the batch has no jobs");
    }

    @Test
    void content_of_an_unknown_type_is_a_415_and_a_wrong_content_type_name_a_422() {
        assertThat(detail(http.postAs("/v1/jobs", "application/pdf", "%PDF-1.4".getBytes()), 415))
                .startsWith("Content-Type 'application/pdf' is not accepted");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"contentType\": \"text/rtf\"}"), 422))
                .contains("'text/rtf' is not a supported content type; supported: text/plain, text/markdown");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"<speak>hi</speak>\", \"ssml\": true,"
                + " \"contentType\": \"html\"}"), 422)).contains("send one of them");
    }

    @Test
    void text_with_nothing_to_speak_is_a_422() {
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"!!! ... ???\"}"), 422))
                .isEqualTo("text has no letters or digits; nothing to speak");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"```\\nx = 1\\n```\", \"contentType\": \"markdown\","
                + " \"options\": {\"code\": \"skip\"}}"), 422)).contains("has no text to speak");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"<html><body><nav>Menu only</nav></body></html>\","
                + " \"contentType\": \"html\"}"), 422)).contains("has no text to speak");
    }

    @Test
    void broken_epubs_and_zip_bombs_are_refused_with_what_is_wrong() throws Exception {
        assertThat(detail(http.postMultipart("/v1/jobs", "book.epub", "not a zip at all".getBytes()), 422))
                .contains("not a ZIP archive");
        java.io.ByteArrayOutputStream bomb = new java.io.ByteArrayOutputStream();
        try (var z = new java.util.zip.ZipOutputStream(bomb)) {
            z.putNextEntry(new java.util.zip.ZipEntry("OEBPS/big.xhtml"));
            z.write(new byte[8 << 20]);
            z.closeEntry();
        }
        assertThat(detail(http.postAs("/v1/jobs", "application/epub+zip", bomb.toByteArray()), 413))
                .contains("expands to more than 1000000 bytes").contains("ZIP bomb");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"PK\", \"contentType\": \"epub\"}"), 422))
                .contains("must be uploaded as a file");
        assertThat(detail(http.post("/v1/jobs", "{\"contentBase64\": \"%%%\", \"contentType\": \"epub\"}"), 422))
                .startsWith("contentBase64 is not valid base64");
        assertThat(detail(http.postAs("/v1/jobs", "application/epub+zip", new byte[200_000]), 413))
                .contains("max-upload-bytes");
        assertThat(detail(http.postAs("/v1/jobs", "application/epub+zip", new byte[0]), 422)).contains("empty");
    }

    @Test
    void a_multipart_request_without_content_is_a_422() {
        assertThat(detail(http.postMultipart("/v1/jobs", null, null, "voice", "en"), 422))
                .contains("no 'file' field");
    }

    @Test
    void invalid_options_name_the_option_and_its_values() {
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"options\": {\"code\": \"maybe\"}}"), 422))
                .isEqualTo("options.code must be one of [announce, read, skip], got 'maybe'");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"format\": \"ogg\","
                + " \"options\": {\"sampleRate\": 22050}}"), 422)).contains("not one ogg takes");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"format\": \"flac\","
                + " \"options\": {\"bitrate\": 64}}"), 422)).contains("flac is lossless");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"options\": {\"pauses\": {\"sentence\": -1}}}"),
                422)).startsWith("options.pauses.sentence is in milliseconds");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"options\": {\"lexicon\": [{\"word\": \"a\","
                + " \"say\": \"b\", \"phonemes\": \"c\"}]}}"), 422)).contains("exactly one of say");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"options\": {\"loudnes\": -16}}"), 422))
                .startsWith("unknown field 'loudnes'");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"options\": {\"language\": \"../../etc\"}}"),
                422)).startsWith("options.language must be a BCP 47 tag");
    }

    @Test
    void a_ttl_that_is_no_duration_or_out_of_bounds_is_a_422_naming_the_option() {
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"options\": {\"ttl\": \"a week\"}}"), 422))
                .isEqualTo("options.ttl: expected a duration such as 12h, 7d or 90m, got 'a week'");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"options\": {\"ttl\": \"-1h\"}}"), 422))
                .isEqualTo("options.ttl: expected a duration such as 12h, 7d or 90m, got '-1h'");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"options\": {\"ttl\": \"30s\"}}"), 422))
                .isEqualTo("options.ttl must be from 1m to 3650d (10 years), got '30s'");
        assertThat(detail(http.post("/v1/jobs", "{\"text\": \"hi\", \"options\": {\"ttl\": \"3651d\"}}"), 422))
                .isEqualTo("options.ttl must be from 1m to 3650d (10 years), got '3651d'");
        assertThat(detail(http.post("/v1/jobs/batch", "{\"jobs\": [{\"text\": \"hi\"}, {\"text\": \"hi\","
                + " \"options\": {\"ttl\": \"PT0S\"}}]}"), 422))
                .isEqualTo("jobs[1]: options.ttl must be from 1m to 3650d (10 years), got 'PT0S'");
    }

    @Test
    void a_dry_run_of_bad_content_is_refused_like_a_job() {
        assertThat(detail(http.postAs("/v1/jobs/dry-run", "application/ssml+xml", "<speak><p>open</speak>".getBytes()),
                422)).startsWith("SSML is not valid at line 1");
        Http.Response ok = http.postAs("/v1/jobs/dry-run", "text/plain", "It costs $5.".getBytes());
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("chapters").get(0).path("sentences").get(0).path("spoken").get(0).path("text")
                .asText()).isEqualTo("It costs five dollars.");
    }
}
