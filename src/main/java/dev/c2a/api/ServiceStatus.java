package dev.c2a.api;


import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What {@code GET /v1/service} answers. */
public record ServiceStatus(String state, Instant since, long uptimeSeconds, Node node, Workers workers,
                            Map<String, Long> jobs, QueueInfo queue, Map<String, Long> counters, List<Engine> engines,
                            List<ExecutorUse> executors, String version, String dataDir) {

    public record Workers(int desired, int alive, long busy, List<WorkerSnapshot> list) {
    }

    /** {@code available} false (with {@code error}) when the backend did not answer; jobs are then absent. */
    public record QueueInfo(String backend, String durability, boolean available, String error) {
    }

    /**
     * One speech engine: {@code wordTimings} whether its captions get word times; {@code available}
     * false (with why, and when it is tried again) while a remote server is down.
     */
    public record Engine(String name, String version, int concurrency, boolean wordTimings, boolean available,
                         String detail, Instant retryAt) {
    }
}
