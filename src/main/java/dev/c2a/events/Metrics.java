package dev.c2a.events;

import dev.c2a.api.WorkerSnapshot;
import dev.c2a.job.JobState;
import dev.c2a.job.Move;
import dev.c2a.job.Transition;
import dev.c2a.queue.JobQueue;
import dev.c2a.worker.JobObserver;
import dev.c2a.worker.WorkerPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prometheus metrics, and the counters since start that status reports (one source for both), fed
 * by the queue's transitions.
 */
public final class Metrics implements JobObserver {
    /** How an attempt can end, by the move it made, and the label each is counted under. */
    private static final Map<Move, String> ENDINGS = Map.of(Move.SUCCEED, "succeeded", Move.FAIL, "failed",
            Move.RETRY_LATER, "retried", Move.RELEASE, "released", Move.CANCEL, "cancelled");
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Move, Counter> endings = new EnumMap<>(Move.class);
    private final Counter leaseLost;
    private final Counter fencedOut;
    private final Counter handedBack;
    private final Timer duration;
    private final Counter audioSeconds;
    /** Jobs pruned, by the rule that pruned them: retention, ttl, store-max-bytes. */
    private final Map<String, Counter> pruned = new java.util.concurrent.ConcurrentHashMap<>();

    public Metrics() {
        ENDINGS.forEach((move, label) -> endings.put(move, attempts(label)));
        leaseLost = attempts("lease_lost");
        fencedOut = Counter.builder("c2a.fenced.out.writes")
                .description("writes of a claim refused because its lease had been taken over").register(registry);
        handedBack = Counter.builder("c2a.claims.handed.back")
                .description("jobs claimed for an engine busy with all the jobs it takes, given back at once")
                .register(registry);
        duration = Timer.builder("c2a.job.duration").description("time from claim to the end of an attempt")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(2)).register(registry);
        audioSeconds = Counter.builder("c2a.audio.produced").baseUnit("seconds")
                .description("seconds of audio produced").register(registry);
        JobQueue.Pruned.RULES.forEach(this::prunedCounter);
    }

    /** A job was pruned under {@code rule} ("retention", "ttl" or "store-max-bytes"). */
    public void pruned(String rule) {
        prunedCounter(rule).increment();
    }

    private Counter prunedCounter(String rule) {
        return pruned.computeIfAbsent(rule, r -> Counter.builder("c2a.jobs.pruned")
                .description("finished jobs removed with their files, by the rule that removed them")
                .tag("reason", r).register(registry));
    }

    /** A broker message taken in: {@code outcome} accepted (a new job), duplicate (a redelivery) or refused. */
    public void intake(String source, String outcome) {
        Counter.builder("c2a.intake.messages").description("broker messages by adapter and what became of them")
                .tag("source", source).tag("outcome", outcome).register(registry).increment();
    }

    /** {@code attempts} event delivery attempts to {@code sink} ({@code results}, {@code webhook}) that ended as {@code outcome}. */
    public void delivery(String sink, String outcome, int attempts) {
        Counter.builder("c2a.event.deliveries").description("event delivery attempts by kind of sink and outcome")
                .tag("sink", sink).tag("outcome", outcome).register(registry).increment(attempts);
    }

    /** Gauges that read the queue and the pool when scraped. */
    public void watch(JobQueue queue, WorkerPool pool) {
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

    private Counter attempts(String outcome) {
        return Counter.builder("c2a.jobs").description("job attempts by how they ended").tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public void moved(Transition transition, Attempt attempt) {
        Counter ending = endings.get(transition.move());
        if (attempt == null || ending == null) {
            return;
        }
        ending.increment();
        duration.record(attempt.took());
        if (attempt.audioSeconds() > 0) {
            audioSeconds.increment(attempt.audioSeconds());
        }
    }

    @Override
    public void leaseLost(String jobId, Duration took) {
        leaseLost.increment();
        duration.record(took);
    }

    @Override
    public void fencedOut(String jobId, String write) {
        fencedOut.increment();
    }

    @Override
    public void handedBack(String jobId, String engine) {
        handedBack.increment();
    }

    /** Attempts since start by how they ended, and fenced-out writes, as status reports them. */
    public Map<String, Long> counters() {
        Map<String, Long> out = new LinkedHashMap<>();
        // in the order of the moves' table: succeeded, failed, retried, released, cancelled
        endings.forEach((move, counter) -> out.put(ENDINGS.get(move), (long) counter.count()));
        out.put("leaseLost", (long) leaseLost.count());
        out.put("fencedOutWrites", (long) fencedOut.count());
        out.put("handedBack", (long) handedBack.count());
        return out;
    }

    public String scrape() {
        return registry.scrape();
    }
}
