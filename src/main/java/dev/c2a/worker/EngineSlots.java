package dev.c2a.worker;

import dev.c2a.job.JobSpec;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * How many jobs this node may hold at once without a worker waiting for a busy engine: for each
 * engine, as many as it takes calls at once, counted by the engine of each job's voice while the job
 * is being spoken (encoding and storing need no engine, so another job may start meanwhile). The node
 * claims no more jobs than are free here, and its claims pass over the jobs of engines that are
 * {@link #full()}, which other nodes, or this node later, take. A job claimed for an engine that
 * turns out full all the same (one claim took two of its jobs for its last slot) goes back to the
 * queue at once instead of holding its lease while a worker waits for the engine.
 */
public final class EngineSlots {
    /** No engine limits: every job may be claimed (tests of the pool with engines of no interest). */
    public static final EngineSlots UNLIMITED = new EngineSlots(Map.of(), spec -> null);
    /** Taken for a job whose voice no limited engine speaks: it is not counted. */
    static final String UNCOUNTED = "";

    private final Map<String, Integer> limits;
    private final Function<JobSpec, String> engineOf;
    private final Map<String, Integer> taken = new HashMap<>();

    /**
     * @param limits   each engine's concurrency, by name
     * @param engineOf the engine that speaks a job's voice, or null when none of {@code limits} does
     */
    public EngineSlots(Map<String, Integer> limits, Function<JobSpec, String> engineOf) {
        this.limits = Map.copyOf(limits);
        this.engineOf = engineOf;
    }

    /** Jobs this node may still claim: the engines' free slots together. */
    public synchronized int free() {
        if (limits.isEmpty()) {
            return Integer.MAX_VALUE;
        }
        long free = 0;
        for (Map.Entry<String, Integer> e : limits.entrySet()) {
            free += Math.max(0, e.getValue() - taken.getOrDefault(e.getKey(), 0));
        }
        return (int) Math.min(Integer.MAX_VALUE, free);
    }

    /** A slot of the engine of {@code spec}'s voice, to give back when the job ends; empty when that engine is full. */
    public synchronized Optional<String> take(JobSpec spec) {
        String engine = engineOf.apply(spec);
        Integer limit = engine == null ? null : limits.get(engine);
        if (limit == null) {
            return Optional.of(UNCOUNTED);
        }
        int now = taken.getOrDefault(engine, 0);
        if (now >= limit) {
            return Optional.empty();
        }
        taken.put(engine, now + 1);
        return Optional.of(engine);
    }

    public synchronized void give(String engine) {
        if (!engine.equals(UNCOUNTED)) {
            taken.merge(engine, -1, Integer::sum);
        }
    }

    /** The engine that speaks {@code spec}'s voice, or null when none of the limited engines does. */
    public String engineOf(JobSpec spec) {
        return engineOf.apply(spec);
    }

    /** The engines with no free slot: claims pass their jobs over. */
    public synchronized Set<String> full() {
        Set<String> full = new HashSet<>();
        limits.forEach((engine, limit) -> {
            if (taken.getOrDefault(engine, 0) >= limit) {
                full.add(engine);
            }
        });
        return full;
    }

    /** Jobs held per engine now (for status and tests). */
    public synchronized Map<String, Integer> taken() {
        return Map.copyOf(taken);
    }
}
