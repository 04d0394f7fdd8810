package dev.c2a.maintenance;

import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.api.JobRequest;
import dev.c2a.job.Job;
import dev.c2a.job.JobState;
import dev.c2a.service.Service;
import dev.c2a.testing.Http;
import dev.c2a.testing.Tmpfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node whose data directory fills up, on a real small file system (a tmpfs of a few MB): it
 * refuses new work with a clear answer, loses nothing it accepted, and carries on by itself once
 * space is freed.
 */
@Tag("slow")
class DiskSpaceTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Free bytes left by the full disk of the second test: less than half the job's audio. */
    private static final long LEFT = 300L << 10;
    /** About 20 s of speech: a WAV of about 900 kB. */
    private static final String LONG_TEXT = "The quick brown fox jumps over the lazy dog, and then it runs away into the"
            + " woods where nobody can find it again. ".repeat(8);

    private Tmpfs disk;

    @BeforeEach
    void mount() throws Exception {
        disk = Tmpfs.mount(24);
    }

    @AfterEach
    void unmount() throws Exception {
        disk.close();
    }

    @Test
    void under_the_watermark_a_node_refuses_submissions_claims_nothing_and_recovers_by_itself() throws Exception {
        try (C2aServer server = C2a.builder().dataDir(disk.dir()).port(0).workers(2).engine("espeak-ng")
                .set("min-free-disk", Long.toString(6L << 20)).set("autostart", "false").start()) {
            Service service = server.service();
            Http http = new Http(server.url());
            String accepted = service.submit(JobRequest.ofText("Accepted before the disk filled up.")).job().id();

            disk.fill(4L << 20);
            await().atMost(PATIENCE).until(() -> service.status().storage().diskLow());

            Http.Response refused = http.post("/v1/jobs", "{\"text\": \"Hello.\"}");
            assertThat(refused.status()).isEqualTo(507);
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(refused.json().get("detail").asText()).contains("min-free-disk").contains(disk.dir().toString());
            assertThat(http.post("/v1/jobs/batch", "{\"jobs\": [{\"text\": \"Hello.\"}]}").status()).isEqualTo(507);
            assertThat(http.get("/v1/service").json().at("/storage/claimsHeld").asText()).contains("min-free-disk");

            service.start();
            // the workers run, but hold off: the accepted job waits in the queue, untouched
            await().pollDelay(Duration.ofMillis(1500)).atMost(PATIENCE).until(() -> true);
            Job waiting = service.job(accepted);
            assertThat(waiting.state()).isEqualTo(JobState.QUEUED);
            assertThat(waiting.attempts()).isZero();

            disk.unfill();
            await().atMost(PATIENCE).until(() -> service.job(accepted).state() == JobState.SUCCEEDED);
            assertThat(service.status().storage().diskLow()).isFalse();
            assertThat(service.status().storage().claimsHeld()).isNull();
            assertThat(http.post("/v1/jobs", "{\"text\": \"Hello again.\"}").status()).isEqualTo(202);
        }
    }

    @Test
    void a_job_whose_audio_does_not_fit_waits_without_using_an_attempt_and_completes_when_space_returns()
            throws Exception {
        // the watch is off: the write itself runs out of space
        try (C2aServer server = C2a.builder().dataDir(disk.dir()).port(0).workers(1).engine("espeak-ng")
                .set("min-free-disk", "0").set("autostart", "false").start()) {
            Service service = server.service();
            String id = service.submit(JobRequest.ofText(LONG_TEXT)).job().id();
            disk.fill(LEFT);

            service.start();
            // put back to wait (a release), not failed
            await().atMost(PATIENCE).until(() -> service.status().counters().getOrDefault("released", 0L) >= 1);
            Job postponed = service.job(id);
            assertThat(postponed.state()).isIn(JobState.QUEUED, JobState.RUNNING);
            assertThat(postponed.errors()).as("a full disk says nothing about the job").isEmpty();
            assertThat(stagedFiles()).as("the torn file is removed").isEmpty();

            disk.unfill();
            await().atMost(PATIENCE).until(() -> service.job(id).state() == JobState.SUCCEEDED);
            Job done = service.job(id);
            assertThat(done.result().bytes()).as("more than there was room for").isGreaterThan(2 * LEFT);
            byte[] wav = service.audio(id).bytes();
            assertThat(wav.length).isEqualTo(done.result().bytes());
            assertThat(new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        }
    }

    private java.util.List<Path> stagedFiles() throws Exception {
        Path staging = disk.dir().resolve("staging");
        if (!Files.isDirectory(staging)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.walk(staging)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
