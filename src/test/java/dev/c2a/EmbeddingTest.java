package dev.c2a;

import dev.c2a.api.JobRequest;
import dev.c2a.job.Job;
import dev.c2a.job.JobState;
import dev.c2a.queue.Durability;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.queue.memory.InMemoryJobQueue;
import dev.c2a.queue.sqlite.SqliteJobQueue;
import dev.c2a.service.Service;
import dev.c2a.testing.SettableClock;
import dev.c2a.testing.ToneEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An embedder hands the builder its own queue, engine and clock, and a job runs through them. */
class EmbeddingTest {
    @TempDir
    Path dir;

    @Test
    void a_job_runs_through_the_queue_engine_and_clock_the_embedder_passed_in() throws Exception {
        SettableClock clock = new SettableClock();
        ToneEngine engine = new ToneEngine();
        JobQueue queue = SqliteJobQueue.open(dir.resolve("elsewhere.db"), Durability.PROCESS, clock,
                RetryPolicy.defaults());
        Path data = dir.resolve("data");

        try (Service service = C2a.builder().dataDir(data).workers(1).queue(queue).engines(engine).clock(clock)
                .open()) {
            String id = service.submit(JobRequest.ofText("Spoken by the embedder's engine. Twice over.")).job().id();
            await().atMost(Duration.ofSeconds(30)).until(() -> service.job(id).state().isFinal());

            Job done = service.job(id);
            assertThat(done.state()).as(String.valueOf(done.lastError())).isEqualTo(JobState.SUCCEEDED);
            assertThat(engine.calls()).as("its engine spoke both sentences").isEqualTo(2);
            assertThat(queue.find(id)).as("the job is in its queue").isPresent();
            assertThat(done.queuedAt()).as("stamped by its clock").isEqualTo(clock.instant());
            assertThat(done.finishedAt()).isEqualTo(clock.instant());
            assertThat(service.status().engines()).singleElement().satisfies(e -> assertThat(e.name()).isEqualTo("tone"));
            assertThat(service.audio(id).bytes()).startsWith('R', 'I', 'F', 'F');
        }
        assertThat(data.resolve("jobs.db")).as("no queue of its own was opened").doesNotExist();
        assertThat(Files.exists(dir.resolve("elsewhere.db"))).isTrue();
    }

    @Test
    void status_names_the_backend_the_queue_reports() {
        try (Service service = C2a.builder().dataDir(dir).queue(new InMemoryJobQueue(new SettableClock(),
                RetryPolicy.defaults())).engines(new ToneEngine()).open()) {
            assertThat(service.status().queue().backend()).isEqualTo("memory");
            assertThat(service.status().queue().durability()).isEqualTo("none");
            assertThat(service.status().queue().available()).isTrue();
        }
    }
}
