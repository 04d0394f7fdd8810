package dev.c2a.maintenance;

import dev.c2a.C2a;
import dev.c2a.api.JobRequest;
import dev.c2a.job.Job;
import dev.c2a.job.JobState;
import dev.c2a.service.Service;
import dev.c2a.store.LocalObjectStore;
import dev.c2a.store.ObjectStore;
import dev.c2a.testing.SettableClock;
import dev.c2a.testing.TestSettings;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.sqlite.SqliteJobQueue;
import dev.c2a.queue.Durability;
import dev.c2a.queue.RetryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store's garbage collection on real jobs: what a fenced-out or dead attempt, a cancelled job
 * or a deleted job left is removed once older than the grace period; what a succeeded job points
 * to, and the checkpoints of a job that may still run, never are.
 */
class StoreCollectorTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String CHECKPOINT = "c".repeat(64);

    @TempDir
    Path dir;

    @Test
    void a_zombie_attempts_objects_are_collected_and_a_completed_jobs_never() throws Exception {
        ObjectStore store = new LocalObjectStore(dir, false);
        try (Service service = C2a.builder().settings(TestSettings.of(dir, "workers", "1")).objectStore(store).open()) {
            service.start();
            String done = service.submit(JobRequest.ofText("Kept for good.")).job().id();
            await().atMost(PATIENCE).until(() -> service.job(done).state() == JobState.SUCCEEDED);
            service.pause();
            String queued = service.submit(JobRequest.ofText("Waits in the queue.")).job().id();
            String cancelled = service.submit(JobRequest.ofText("Cancelled.")).job().id();
            service.cancel(cancelled);
            String deleted = UUID.randomUUID().toString();
            Job succeeded = service.job(done);
            String result = succeeded.result().file();
            long token = Long.parseLong(result.substring(37, result.indexOf('.')));
            byte[] audio = service.audio(done).bytes();

            // an attempt of the succeeded job that was fenced out after publishing
            put(store, "audio/" + done + "-" + (token + 7) + ".wav", "audio/" + done + "-" + (token + 7) + ".json");
            // an earlier attempt of a job back in the queue, which died between publishing and completing
            put(store, "audio/" + queued + "-1.wav", "checkpoints/" + queued + "/" + CHECKPOINT);
            put(store, "audio/" + cancelled + "-1.mp3", "checkpoints/" + cancelled + "/" + CHECKPOINT);
            put(store, "audio/" + deleted + "-3.mp3", "audio/" + deleted + "-3-001.mp3", "checkpoints/" + deleted + "/"
                    + CHECKPOINT);
            put(store, "audio/notes.txt");
            List<String> before = keys(store);

            SettableClock clock = new SettableClock();
            clock.advance(Duration.between(clock.instant(), java.time.Instant.now()));
            try (JobQueue queue = SqliteJobQueue.open(dir.resolve("jobs.db"), Durability.PROCESS, clock,
                    RetryPolicy.defaults())) {
                StoreCollector collector = new StoreCollector(store, queue, clock, Duration.ofHours(1));

                assertThat(collector.collect()).as("nothing is older than the grace period yet")
                        .isEqualTo(new StoreCollector.Collected(0, 0));
                assertThat(keys(store)).isEqualTo(before);

                clock.advance(Duration.ofHours(2));
                StoreCollector.Collected collected = collector.collect();

                assertThat(keys(store)).containsExactlyInAnyOrder(
                        "audio/" + result,
                        "audio/notes.txt",
                        "checkpoints/" + queued + "/" + CHECKPOINT);
                assertThat(collected).isEqualTo(new StoreCollector.Collected(6, 2));
                assertThat(service.audio(done).bytes()).isEqualTo(audio);
            }
        }
    }

    private static void put(ObjectStore store, String... keys) throws Exception {
        for (String key : keys) {
            store.put(key, new byte[] {1, 2, 3});
        }
    }

    private static List<String> keys(ObjectStore store) throws Exception {
        try (Stream<ObjectStore.Entry> all = Stream.concat(store.list("audio/"), store.list("checkpoints/"))) {
            return all.map(ObjectStore.Entry::key).sorted().toList();
        }
    }
}
