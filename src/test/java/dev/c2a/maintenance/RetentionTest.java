package dev.c2a.maintenance;

import dev.c2a.events.Metrics;
import dev.c2a.job.Job;
import dev.c2a.job.JobResult;
import dev.c2a.job.JobState;
import dev.c2a.job.QueueUnavailableException;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.Lease;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.queue.memory.InMemoryJobQueue;
import dev.c2a.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static dev.c2a.testing.Specs.aSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The retention duty on the in-memory queue: what a round prunes, which files it removes, and its schedule. */
class RetentionTest {
    private static final Duration MONTH = Duration.ofDays(30);
    private final SettableClock clock = new SettableClock();
    private final JobQueue queue = new InMemoryJobQueue(clock, RetryPolicy.defaults());
    private final Metrics metrics = new Metrics();
    private final List<String> removed = new CopyOnWriteArrayList<>();
    private final Duties duties = new Duties();

    @AfterEach
    void close() {
        duties.close();
        queue.close();
    }

    private Retention duty(JobQueue on, Duration retention, Long storeMaxBytes, Consumer<String> deleteFiles) {
        return new Retention(on, retention, storeMaxBytes, deleteFiles, metrics, clock);
    }

    private List<String> succeeded(int jobs) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            Job job = queue.enqueue(aSpec("job " + i)).job();
            Lease lease = queue.claim("w", Duration.ofMinutes(1)).orElseThrow();
            queue.complete(lease, new JobResult(job.id() + "-1.wav", 1, 1000, 22050, "wav", 1, null, null, 1000L));
            ids.add(job.id());
            clock.advance(Duration.ofMillis(1));
        }
        return ids;
    }

    @Test
    void a_round_prunes_batch_after_batch_and_removes_each_pruned_jobs_files_once() {
        List<String> ids = succeeded(Retention.BATCH * 2 + 7);
        clock.advance(MONTH);

        Retention duty = duty(queue, MONTH, null, removed::add);
        assertThat(duty.round()).isEqualTo(ids.size());

        assertThat(removed).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(queue.counts().get(JobState.SUCCEEDED)).isZero();
        assertThat(queue.pruned(ids.getFirst())).map(JobQueue.Pruned::reason).contains("retention 30d");
        assertThat(metrics.scrape()).contains("c2a_jobs_pruned_total{reason=\"retention\"} " + ids.size() + ".0");
        assertThat(duty.round()).as("nothing left").isZero();
    }

    @Test
    void files_that_cannot_be_removed_leave_their_job_pruned_and_the_round_goes_on() {
        List<String> ids = succeeded(3);
        clock.advance(MONTH);

        int pruned = duty(queue, MONTH, null, id -> {
            removed.add(id);
            throw new java.io.UncheckedIOException(new java.io.IOException("the store is down"));
        }).round();

        assertThat(pruned).isEqualTo(3);
        assertThat(removed).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(ids).allSatisfy(id -> assertThat(queue.pruned(id)).isPresent());
    }

    @Test
    void over_the_store_cap_the_jobs_that_finished_first_are_pruned_whatever_the_retention() {
        List<String> ids = succeeded(5);

        assertThat(duty(queue, null, 2500L, removed::add).round()).isEqualTo(3);

        assertThat(removed).containsExactlyInAnyOrderElementsOf(ids.subList(0, 3));
        assertThat(metrics.scrape()).contains("c2a_jobs_pruned_total{reason=\"store-max-bytes\"} 3.0");
    }

    @Test
    void tombstones_go_once_kept_long_enough() {
        String id = succeeded(1).getFirst();
        clock.advance(MONTH);
        Retention duty = duty(queue, MONTH, null, removed::add);
        duty.round();

        clock.advance(Retention.TOMBSTONES_KEPT);
        duty.round();

        assertThat(queue.pruned(id)).isEmpty();
    }

    @Test
    void rounds_run_by_the_clock_and_a_failed_round_stops_none_after_it() {
        String id = succeeded(1).getFirst();
        AtomicInteger calls = new AtomicInteger();
        JobQueue failingOnce = (JobQueue) Proxy.newProxyInstance(JobQueue.class.getClassLoader(),
                new Class<?>[] {JobQueue.class}, (proxy, method, args) -> {
                    if (method.getName().equals("pruneExpired") && calls.incrementAndGet() == 1) {
                        throw new QueueUnavailableException("the database is down");
                    }
                    try {
                        return method.invoke(queue, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        duties.schedule(duty(failingOnce, MONTH, null, removed::add), Retention.TICK, Retention.TICK);
        clock.advance(MONTH);

        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
        assertThat(queue.find(id)).as("the first round failed").isPresent();
        clock.advance(Retention.EVERY);
        await().atMost(Duration.ofSeconds(10)).until(() -> removed.contains(id));
        assertThat(queue.find(id)).isEmpty();
    }
}
