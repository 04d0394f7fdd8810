package dev.c2a.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.cli.Main;
import dev.c2a.testing.Http;
import dev.c2a.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention through a real service: its duty prunes finished jobs by the clock the service was
 * given, removes their files from the data directory, and the API answers for them with 410 Gone,
 * saying when and why.
 */
class PrunedJobsTest {
    /** Many sentences: the captions outgrow the ledger row and are stored beside the audio. */
    private static final String LONG_TEXT = "This sentence is one of many, spoken to make long captions. ".repeat(70);
    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock();
    private C2aServer server;
    private Http http;

    private void start(String retention) {
        server = C2a.builder().dataDir(dir).port(0).workers(1).engine("noop").set("retention", retention)
                .clock(clock).start();
        http = new Http(server.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String succeeded(String json) {
        Http.Response r = http.post("/v1/jobs", json);
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        String id = r.json().path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/jobs/" + id).json().path("state").asText(),
                "succeeded"::equals);
        return id;
    }

    /** The job's files in the data directory: its audio and, for a long job, its captions. */
    private List<Path> filesOf(String id) throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("audio"))) {
            return files.filter(f -> f.getFileName().toString().startsWith(id)).toList();
        }
    }

    private JsonNode gone(Http.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(410);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        return r.json();
    }

    /** Slow: the long job that stores its captions beside the audio takes seconds to speak. */
    @Tag("slow")
    @Test
    void a_job_past_the_retention_is_pruned_with_its_files_and_answers_410_saying_when_and_why() throws Exception {
        start("30d");
        String id = succeeded("{\"text\": \"" + LONG_TEXT + "\"}");
        String longer = succeeded("{\"text\": \"Kept longer by its own ttl.\", \"options\": {\"ttl\": \"60d\"}}");
        assertThat(filesOf(id)).extracting(f -> f.getFileName().toString().replaceAll("^.*\\.", ""))
                .containsExactlyInAnyOrder("wav", "json");

        clock.advance(Duration.ofDays(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/v1/jobs/" + id).status() == 410);

        JsonNode problem = gone(http.get("/v1/jobs/" + id));
        assertThat(problem.path("status").asInt()).isEqualTo(410);
        assertThat(problem.path("title").asText()).isEqualTo("Gone");
        assertThat(problem.path("prunedAt").asText()).isEqualTo(clock.instant().toString());
        assertThat(problem.path("reason").asText()).isEqualTo("retention 30d");
        assertThat(problem.path("detail").asText()).isEqualTo("job " + id + " was pruned at " + clock.instant()
                + " (retention 30d); it and its audio and captions are gone");
        for (String path : List.of("/audio", "/captions.vtt", "/captions.json", "/files/" + id + "-1-001.wav")) {
            assertThat(gone(http.get("/v1/jobs/" + id + path)).path("reason").asText()).as(path)
                    .isEqualTo("retention 30d");
        }
        assertThat(gone(http.delete("/v1/jobs/" + id)).path("prunedAt").asText()).isEqualTo(clock.instant().toString());
        gone(http.post("/v1/jobs/" + id + "/retry", null));
        gone(http.post("/v1/jobs/" + id + "/cancel", null));
        assertThat(filesOf(id)).as("audio and captions removed from the data directory").isEmpty();

        assertThat(http.get("/v1/jobs/" + longer).json().path("options").path("ttl").asText()).isEqualTo("60d");
        assertThat(filesOf(longer)).isNotEmpty();
        assertThat(http.get("/metrics").text()).contains("c2a_jobs_pruned_total{reason=\"retention\"} 1.0")
                .contains("c2a_jobs_pruned_total{reason=\"ttl\"} 0.0");
        assertThat(http.get("/v1/jobs/no-such-job").status()).as("never known is still 404").isEqualTo(404);
    }

    @Test
    void a_shorter_ttl_prunes_its_job_first_and_the_cli_says_when_and_why() throws Exception {
        start("30d");
        String brief = succeeded("{\"text\": \"Gone within the hour.\", \"options\": {\"ttl\": \"1h\"}}");
        String kept = succeeded("{\"text\": \"Kept for the retention.\"}");

        clock.advance(Duration.ofHours(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/v1/jobs/" + brief).status() == 410);

        assertThat(gone(http.get("/v1/jobs/" + brief + "/audio")).path("reason").asText()).isEqualTo("ttl 1h");
        assertThat(filesOf(brief)).isEmpty();
        assertThat(http.get("/v1/jobs/" + kept + "/audio").status()).isEqualTo(200);
        assertThat(http.get("/metrics").text()).contains("c2a_jobs_pruned_total{reason=\"ttl\"} 1.0");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("job", brief, "--url", server.url())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("c2a: error 410: job " + brief + " was pruned at " + clock.instant()
                + " (ttl 1h); it and its audio and captions are gone\n");
    }
}
