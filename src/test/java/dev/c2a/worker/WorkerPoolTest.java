package dev.c2a.worker;

import dev.c2a.C2a;
import dev.c2a.api.JobRequest;
import dev.c2a.api.ServiceStatus;
import dev.c2a.job.Job;
import dev.c2a.job.JobError;
import dev.c2a.job.JobResult;
import dev.c2a.job.JobState;
import dev.c2a.queue.Durability;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.Lease;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.queue.sqlite.SqliteJobQueue;
import dev.c2a.service.Service;
import dev.c2a.testing.FailingEngine;
import dev.c2a.testing.SettableClock;
import dev.c2a.testing.SlowEngine;
import dev.c2a.testing.TestSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The pool through the service facade, with engines that take their time. */
@Tag("slow")
class WorkerPoolTest {
    /** Long enough for many engine calls: each batch is up to 600 characters. */
    private static final String LONG_TEXT = "This sentence has about sixty characters in it, give or take. ".repeat(100);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Service service;
    private final SlowEngine slow = new SlowEngine(300);

    @AfterEach
    void close() {
        if (service != null) {
            service.stopAndWait(Duration.ZERO);
            service.close();
        }
    }

    private Service open(String... settings) {
        service = C2a.builder().settings(TestSettings.of(dir, settings)).engines(slow).open();
        return service;
    }

    private List<String> submit(int n, String text) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // distinct texts, each still one sentence: one engine call per job
            ids.add(service.submit(JobRequest.ofText("Job " + i + ": " + text)).job().id());
        }
        return ids;
    }

    private JobState state(String id) {
        return service.job(id).state();
    }

    @Test
    void stop_with_a_deadline_releases_unfinished_jobs_to_the_queue_without_failing_them() throws Exception {
        open();
        List<String> ids = submit(4, LONG_TEXT);
        service.start();
        await().atMost(PATIENCE).until(() -> service.status().workers().busy() == 2);

        ServiceStatus draining = service.stop(Duration.ofMillis(200));

        assertThat(draining.state()).isEqualTo("draining");
        assertThat(service.awaitStopped(PATIENCE)).isTrue();
        ServiceStatus stopped = service.status();
        assertThat(stopped.state()).isEqualTo("stopped");
        assertThat(stopped.workers().alive()).isZero();
        assertThat(stopped.counters()).containsEntry("released", 2L).containsEntry("failed", 0L);
        assertThat(stopped.jobs()).containsEntry("queued", 4L).containsEntry("running", 0L);
        for (String id : ids) {
            assertThat(service.job(id).attempts()).as("a release is not an attempt").isZero();
        }

        slow.millisPerCall(1);
        service.start();
        await().atMost(PATIENCE).until(() -> ids.stream().allMatch(id -> state(id) == JobState.SUCCEEDED));
    }

    @Test
    void stop_lets_running_jobs_finish_when_they_can_within_the_drain() throws Exception {
        open();
        List<String> ids = submit(2, "Short.");
        service.start();
        await().atMost(PATIENCE).until(() -> service.status().workers().busy() == 2);

        service.stop(Duration.ofSeconds(20));

        assertThat(service.awaitStopped(PATIENCE)).isTrue();
        assertThat(ids).allMatch(id -> state(id) == JobState.SUCCEEDED);
        assertThat(service.status().counters()).containsEntry("released", 0L);
    }

    @Test
    void control_calls_are_idempotent_and_an_impossible_one_names_the_state() {
        open();
        assertThat(service.status().state()).isEqualTo("stopped");
        assertThat(service.stop(null).state()).isEqualTo("stopped");
        org.assertj.core.api.Assertions.assertThatThrownBy(service::pause)
                .hasMessage("cannot pause the service: it is stopped (use start)");
        assertThat(service.start().state()).isEqualTo("running");
        assertThat(service.start().state()).isEqualTo("running");
        assertThat(service.pause().state()).isEqualTo("paused");
        assertThat(service.pause().state()).isEqualTo("paused");
        org.assertj.core.api.Assertions.assertThatThrownBy(service::start)
                .hasMessage("cannot start the service: it is paused (use resume)");
        assertThat(service.resume().state()).isEqualTo("running");
    }

    @Test
    void pause_stops_new_claims_while_the_running_job_goes_on() {
        open("workers", "1");
        slow.millisPerCall(50);
        List<String> ids = submit(3, LONG_TEXT.substring(0, 1200));
        service.start();
        await().atMost(PATIENCE).until(() -> state(ids.get(0)) == JobState.RUNNING);

        service.pause();

        await().atMost(PATIENCE).until(() -> state(ids.get(0)) == JobState.SUCCEEDED);
        assertThat(state(ids.get(1))).isEqualTo(JobState.QUEUED);
        assertThat(service.status().workers().alive()).isEqualTo(1);
        service.resume();
        await().atMost(PATIENCE).until(() -> ids.stream().allMatch(id -> state(id) == JobState.SUCCEEDED));
    }

    @Test
    void resizing_under_load_loses_no_job_and_runs_none_twice() {
        open("workers", "1");
        slow.millisPerCall(15);
        List<String> ids = submit(80, "One short sentence.");
        service.start();
        int[] sizes = {4, 2, 6, 1, 3};
        for (int size : sizes) {
            service.resize(size);
            long done = service.status().jobs().get("succeeded");
            await().atMost(PATIENCE).until(() -> service.status().jobs().get("succeeded") >= Math.min(80, done + 8));
        }

        await().atMost(PATIENCE).until(() -> service.status().jobs().get("succeeded") == 80);
        assertThat(ids).allSatisfy(id -> assertThat(service.job(id).attempts()).isEqualTo(1));
        assertThat(service.status().counters()).containsEntry("released", 0L).containsEntry("retried", 0L);
        assertThat(slow.calls()).as("each job spoken exactly once").isEqualTo(80);
        await().atMost(PATIENCE).until(() -> service.status().workers().alive() == 3);
    }

    @Test
    void shrinking_retires_idle_workers_first_and_never_interrupts_a_busy_one() {
        open("workers", "3");
        slow.millisPerCall(100);
        String id = submit(1, LONG_TEXT.substring(0, 3000)).get(0);
        service.start();
        await().atMost(PATIENCE).until(() -> state(id) == JobState.RUNNING);

        service.resize(1);

        await().atMost(PATIENCE).until(() -> service.status().workers().alive() == 1);
        ServiceStatus s = service.status();
        assertThat(s.workers().list()).singleElement().satisfies(w -> assertThat(w.jobId()).isEqualTo(id));
        await().atMost(PATIENCE).until(() -> state(id) == JobState.SUCCEEDED);
        assertThat(service.job(id).attempts()).isEqualTo(1);
    }

    @Test
    void cancel_stops_a_running_job_at_its_next_segment() throws Exception {
        open();
        String id = submit(1, LONG_TEXT).get(0);
        service.start();
        await().atMost(PATIENCE).until(() -> state(id) == JobState.RUNNING);

        Job flagged = service.cancel(id);

        assertThat(flagged.cancelRequested()).isTrue();
        await().atMost(PATIENCE).until(() -> state(id) == JobState.CANCELLED);
        assertThat(service.status().counters()).containsEntry("cancelled", 1L);
        assertThat(audioFiles()).as("the cancelled attempt's staged audio is removed, none published").isEmpty();
        assertThat(service.status().workers().busy()).isZero();
    }

    @Test
    void an_engine_failure_is_retried_then_failed_with_the_engines_message_and_the_service_runs_on() {
        service = C2a.builder().settings(TestSettings.of(dir, "engine", FailingEngine.class.getName(), "retry-base", "10ms",
                "max-attempts", "3")).open();
        String id = service.submit(JobRequest.ofText("Hello.")).job().id();
        service.start();

        await().atMost(PATIENCE).until(() -> state(id) == JobState.FAILED);

        Job failed = service.job(id);
        assertThat(failed.errors()).hasSize(3).allSatisfy(e -> {
            assertThat(e.message()).isEqualTo("engine crashed: segmentation fault");
            assertThat(e.stderr()).contains("voice data corrupt");
        });
        assertThat(failed.errors()).extracting(JobError::attempt).containsExactly(1, 2, 3);
        ServiceStatus s = service.status();
        assertThat(s.state()).isEqualTo("running");
        assertThat(s.counters()).containsEntry("retried", 2L).containsEntry("failed", 1L);
        assertThat(service.retry(id).state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void a_worker_whose_lease_was_taken_over_cannot_write_its_result() throws Exception {
        open("lease", "900ms");
        slow.millisPerCall(100);
        String id = submit(1, LONG_TEXT).get(0);
        service.start();
        await().atMost(PATIENCE).until(() -> state(id) == JobState.RUNNING);

        // another node, whose clock is an hour ahead, sees the lease as expired and takes the job over
        SettableClock later = new SettableClock();
        later.advance(Duration.between(later.instant(), java.time.Instant.now().plus(Duration.ofHours(1))));
        JobResult theirs = new JobResult("other-node.wav", 1.0, 100, 22050, "wav", 1, null, null, null);
        try (JobQueue other = SqliteJobQueue.open(dir.resolve("jobs.db"), Durability.PROCESS, later,
                RetryPolicy.defaults())) {
            assertThat(other.recoverExpiredLeases()).hasSize(1);
            Lease taken = other.claim("other-node", Duration.ofHours(2)).orElseThrow();
            assertThat(other.complete(taken, theirs)).isPresent();
        }

        await().atMost(PATIENCE).until(() -> service.status().counters().get("leaseLost") == 1L);
        assertThat(service.status().counters().get("fencedOutWrites")).as("its heartbeat or its result, refused")
                .isPositive();
        assertThat(service.metrics()).contains("c2a_fenced_out_writes_total");
        Job job = service.job(id);
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.result()).isEqualTo(theirs);
        assertThat(audioFiles()).as("the stale worker's audio is discarded, staged or published").isEmpty();
    }

    /** Every file under the published audio and the staging directories. */
    private List<Path> audioFiles() throws java.io.IOException {
        List<Path> found = new java.util.ArrayList<>();
        for (Path d : List.of(dir.resolve("audio"), dir.resolve("staging"))) {
            if (Files.isDirectory(d)) {
                try (Stream<Path> files = Files.walk(d)) {
                    files.filter(Files::isRegularFile).forEach(found::add);
                }
            }
        }
        return found;
    }
}
