package dev.c2a.crash;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.job.Job;
import dev.c2a.job.JobState;
import dev.c2a.json.Json;
import dev.c2a.queue.Durability;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.queue.sqlite.SqliteJobQueue;
import dev.c2a.testing.Http;
import dev.c2a.testing.ServeProcess;
import dev.c2a.testing.SlowEngine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real processes, real signals: kill -9 loses nothing; SIGTERM drains and releases. */
@Tag("slow")
@Tag("e2e")
class CrashTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path data;

    private static JobQueue ledger(Path data) {
        return SqliteJobQueue.open(data.resolve("jobs.db"), Durability.PROCESS, InstantSource.system(),
                RetryPolicy.defaults());
    }

    private static List<String> submit(Http http, int count, String text) {
        List<Map<String, String>> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(Map.of("text", text + " Job " + i + "."));
        }
        Http.Response r = http.post("/v1/jobs/batch", Json.write(Map.of("jobs", jobs)));
        assertThat(r.status()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        r.json().path("jobs").forEach(j -> ids.add(j.path("id").asText()));
        return ids;
    }

    @Test
    void after_kill_9_mid_job_and_a_restart_every_accepted_job_completes_exactly_once() throws Exception {
        String text = "The service speaks this sentence for the crash test, slowly and carefully. ".repeat(120);
        List<String> ids;
        Path firstScratch;
        try (ServeProcess first = ServeProcess.start(data, "--workers", "2", "--set", "lease=2s")) {
            firstScratch = Path.of(System.getProperty("java.io.tmpdir"), "c2a-scratch-" + first.pid());
            Http http = new Http(first.url());
            ids = submit(http, 30, text);
            await().atMost(PATIENCE).until(() -> {
                JsonNode s = http.get("/v1/service").json();
                return s.path("jobs").path("succeeded").asInt() >= 2 && s.path("workers").path("busy").asInt() == 2;
            });
            List<ProcessHandle> helpers = ProcessHandle.of(first.pid()).orElseThrow().descendants().toList();
            assertThat(helpers).as("the resident espeak-ng helpers run").isNotEmpty();
            first.kill();
            // nothing the killed service started outlives it: its helpers end when their pipe closes
            await().atMost(Duration.ofSeconds(20)).until(() -> helpers.stream().noneMatch(ProcessHandle::isAlive));
        }
        List<String> runningAtKill;
        try (JobQueue ledger = ledger(data)) {
            runningAtKill = ledger.list(JobState.RUNNING, 10, null, null).jobs().stream().map(Job::id).toList();
        }
        assertThat(runningAtKill).as("killed mid-job").isNotEmpty();

        assertThat(firstScratch).as("the killed service's scratch files stay behind it").exists();
        try (ServeProcess second = ServeProcess.start(data, "--workers", "2", "--set", "lease=2s")) {
            assertThat(firstScratch).as("the next service removes what a killed one left").doesNotExist();
            Http http = new Http(second.url());
            await().atMost(PATIENCE).until(() -> http.get("/v1/service").json().path("jobs").path("succeeded").asInt() == 30);
            JsonNode counts = http.get("/v1/service").json().path("jobs");
            assertThat(counts.path("queued").asInt() + counts.path("running").asInt() + counts.path("failed").asInt())
                    .isZero();
            for (String id : ids) {
                JsonNode job = http.get("/v1/jobs/" + id).json();
                assertThat(job.path("state").asText()).isEqualTo("succeeded");
                assertThat(job.path("attempts").asInt()).as("a lost lease is not a failed attempt").isEqualTo(1);
                assertThat(http.get("/v1/jobs/" + id + "/audio").status()).isEqualTo(200);
            }
            for (String id : runningAtKill) {
                assertThat(http.get("/v1/jobs/" + id).json().path("errors").findValuesAsText("message"))
                        .anyMatch(m -> m.startsWith("lease expired"));
            }
            second.terminate(30);
        }
        try (var files = Files.list(data.resolve("audio"))) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertThat(names).as("the killed attempts' partial files were removed on recovery")
                    .noneMatch(name -> name.endsWith(".part"));
            assertThat(names.stream().filter(name -> name.endsWith(".wav")))
                    .as("one audio file per job").hasSize(30);
            assertThat(names.stream().filter(name -> name.endsWith(".json")))
                    .as("one set of captions per job").hasSize(30);
        }
    }

    @Test
    void sigterm_drains_releases_unfinished_jobs_and_exits() throws Exception {
        String text = "This sentence has about sixty characters in it, give or take. ".repeat(100);
        List<String> ids;
        try (ServeProcess child = ServeProcess.start(data, "--workers", "2", "--engine", SlowEngine.class.getName(),
                "--set", "drain=500ms")) {
            Http http = new Http(child.url());
            ids = submit(http, 3, text);
            await().atMost(PATIENCE).until(() -> http.get("/v1/service").json().path("workers").path("busy").asInt() == 2);

            assertThat(child.terminate(60)).as("exits after the drain").isTrue();
        }
        try (JobQueue ledger = ledger(data)) {
            for (String id : ids) {
                Job job = ledger.find(id).orElseThrow();
                assertThat(job.state()).isEqualTo(JobState.QUEUED);
                assertThat(job.attempts()).isZero();
            }
        }
    }
}
