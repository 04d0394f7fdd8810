package dev.c2a.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.api.JobRequest;
import dev.c2a.job.JobState;
import dev.c2a.service.Service;
import dev.c2a.testing.Http;
import dev.c2a.testing.SampleBook;
import dev.c2a.testing.ServeProcess;
import dev.c2a.testing.TestSettings;
import dev.c2a.testing.ToneEngine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Finished sentences are checkpointed, by the group they were spoken in: a job retried after a
 * failure, or recovered after kill -9, speaks only the groups that are missing, and its audio and
 * captions equal an uninterrupted run's.
 */
class ResumeTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path data;

    private static String text(int sentences) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            b.append("This is sentence ").append(i + 1).append(" of the book. ");
            if (i % 5 == 4) {
                b.append("\n\n");
            }
        }
        return b.toString();
    }

    @Test
    void a_job_retried_after_a_failure_speaks_only_what_is_missing_and_sounds_the_same() throws Exception {
        int sentences = 40;
        ToneEngine tone = new ToneEngine(25);
        try (Service service = C2a.builder().settings(TestSettings.of(data, "retry-base", "10ms", "workers", "1"))
                .engines(tone).open()) {
            String resumed = service.submit(JobRequest.ofText(text(sentences))).job().id();
            service.start();
            await().atMost(PATIENCE).until(() -> service.job(resumed).state() == JobState.SUCCEEDED);
            assertThat(service.job(resumed).attempts()).isEqualTo(2);
            // checkpoints are kept per group of sentences spoken together: the first group of
            // MAX_PIECES was kept; the group the failure hit is spoken again whole, then the rest
            int firstAttempt = 25;
            assertThat(tone.calls()).as("24 spoken, 1 failed, then all but the first group")
                    .isEqualTo(firstAttempt + sentences - Paragraphs.MAX_PIECES);
            // the worker drops them right after the ledger records the success
            await("checkpoints go once the job succeeds").atMost(PATIENCE)
                    .until(() -> !Files.exists(data.resolve("checkpoints").resolve(resumed)));

            String whole = service.submit(new JobRequest(text(sentences), null, null, null, null, null, null, null,
                    "uninterrupted")).job().id();
            await().atMost(PATIENCE).until(() -> service.job(whole).state() == JobState.SUCCEEDED);
            assertThat(service.audio(resumed).bytes()).isEqualTo(service.audio(whole).bytes());
            assertThat(service.captions(resumed, "json").bytes()).isEqualTo(service.captions(whole, "json").bytes());
        }
    }

    @Test
    void a_job_that_says_the_same_paragraph_again_reads_it_back_instead_of_speaking_it_again() throws Exception {
        ToneEngine tone = new ToneEngine();
        String paragraph = "Again and again. It is said once more. ".repeat(3) + "\n\n";
        try (Service service = C2a.builder().settings(TestSettings.of(data, "workers", "1")).engines(tone).open()) {
            String id = service.submit(JobRequest.ofText(paragraph.repeat(6))).job().id();
            service.start();
            await().atMost(PATIENCE).until(() -> service.job(id).state() == JobState.SUCCEEDED);

            assertThat(service.job(id).progress().total()).as("checkpointed: at least %d sentences",
                    JobPipeline.CHECKPOINT_MIN_SENTENCES).isEqualTo(36);
            assertThat(tone.calls()).as("a group of sentences said again is read back, not spoken: fewer calls than sentences")
                    .isLessThan(36);
        }
    }

    @Tag("slow")
    @Tag("e2e")
    @Test
    void a_book_killed_mid_way_resumes_from_its_checkpoints_into_the_same_file_as_an_uninterrupted_run()
            throws Exception {
        byte[] epub = SampleBook.epub("Resumed", "Ann", SampleBook.generated(4, 1500));
        String body = "{\"contentType\": \"epub\", \"format\": \"mp3\", \"contentBase64\": \""
                + Base64.getEncoder().encodeToString(epub) + "\"}";
        String id;
        long checkpointed;
        try (ServeProcess first = ServeProcess.start(data, "--workers", "1", "--set", "lease=2s")) {
            Http http = new Http(first.url());
            Http.Response r = http.post("/v1/jobs", body);
            assertThat(r.status()).as(r.text()).isEqualTo(202);
            id = r.json().path("id").asText();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> {
                JsonNode w = http.get("/v1/service").json().path("workers").path("list");
                return w.size() > 0 && w.get(0).path("progress").path("done").asInt() >= 12;
            });
            first.kill();
        }
        try (Stream<Path> files = Files.list(data.resolve("checkpoints").resolve(id))) {
            checkpointed = files.filter(f -> !f.toString().endsWith(".part")).count();
        }
        assertThat(checkpointed).as("sentences finished before the kill").isGreaterThanOrEqualTo(12);

        try (ServeProcess second = ServeProcess.start(data, "--workers", "1", "--set", "lease=2s")) {
            Http http = new Http(second.url());
            await().atMost(PATIENCE).until(() -> http.get("/v1/jobs/" + id).json().path("state").asText()
                    .equals("succeeded"));
            JsonNode job = http.get("/v1/jobs/" + id).json();
            assertThat(job.path("errors").findValuesAsText("message")).anyMatch(m -> m.startsWith("lease expired"));

            Http.Response again = http.post("/v1/jobs", body.replace("{", "{\"idempotencyKey\": \"uninterrupted\", "));
            String whole = again.json().path("id").asText();
            await().atMost(PATIENCE).until(() -> http.get("/v1/jobs/" + whole).json().path("state").asText()
                    .equals("succeeded"));
            assertThat(http.get("/v1/jobs/" + id + "/audio").bytes())
                    .as("the resumed book is byte for byte the uninterrupted one")
                    .isEqualTo(http.get("/v1/jobs/" + whole + "/audio").bytes());
            assertThat(http.get("/v1/jobs/" + id + "/captions.json").text())
                    .isEqualTo(http.get("/v1/jobs/" + whole + "/captions.json").text());
            second.terminate(30);
        }
    }
}
