package dev.c2a.service;

import dev.c2a.job.JobState;
import dev.c2a.queue.JobQueue;
import dev.c2a.worker.JobObserver;
import dev.c2a.worker.WorkerPool;
import dev.c2a.worker.WorkerSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Prometheus metrics, and the counters since start that status reports (one source for both). */
public final class Metrics implements JobObserver {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    private final Timer duration;
    private final Counter audioSeconds;

    public Metrics() {
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, Counter.builder("c2a.jobs").description("job attempts by how they ended")
                    .tag("outcome", o.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        duration = Timer.builder("c2a.job.duration").description("time from claim to the end of an attempt")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(2)).register(registry);
        audioSeconds = Counter.builder("c2a.audio.produced").baseUnit("seconds")
                .description("seconds of audio produced").register(registry);
    }

    /** Gauges that read the queue and the pool when scraped. */
    void watch(JobQueue queue, WorkerPool pool) {
        Gauge.builder("c2a.queue.depth", queue, q -> safeCount(q, JobState.QUEUED))
                .description("jobs waiting to run").register(registry);
        Gauge.builder("c2a.workers.busy", pool, p -> p.snapshots().stream().filter(WorkerSnapshot::busy).count())
                .description("workers running a job").register(registry);
        Gauge.builder("c2a.workers.alive", pool, p -> p.snapshots().size())
                .description("worker threads alive").register(registry);
    }

    private static double safeCount(JobQueue q, JobState state) {
        try {
            return q.counts().get(state);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    @Override
    public void finished(Outcome outcome, Duration took, double audio) {
        outcomes.get(outcome).increment();
        duration.record(took);
        if (audio > 0) {
            audioSeconds.increment(audio);
        }
    }

    public long count(Outcome outcome) {
        return (long) outcomes.get(outcome).count();
    }

    public String scrape() {
        return registry.scrape();
    }
}
