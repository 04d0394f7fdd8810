package dev.c2a.api;


import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What {@code GET /v1/service} answers. */
public record ServiceStatus(String state, Instant since, long uptimeSeconds, Node node, Workers workers,
                            Map<String, Long> jobs, QueueInfo queue, StorageInfo storage, Map<String, Long> counters,
                            List<Engine> engines, List<Intake> intake, Map<String, Long> outbox,
                            List<ExecutorUse> executors, String version, String dataDir) {

    public record Workers(int desired, int alive, long busy, List<WorkerSnapshot> list) {
    }

    /** {@code available} false (with {@code error}) when the backend did not answer; jobs are then absent. */
    public record QueueInfo(String backend, String durability, boolean available, String error) {
    }

    /**
     * Where audio is kept and whether this node can work with it: the store ({@code available} false,
     * with why and since when, while it cannot be reached) and the data directory's free space
     * ({@code diskLow} while under {@code minFreeDiskBytes}: no claims, submissions refused with 507).
     * {@code claimsHeld} says why this node claims nothing although running, when it does not.
     */
    public record StorageInfo(String store, String location, boolean available, String error, Instant since,
                              String dataDir, long freeDiskBytes, long minFreeDiskBytes, boolean diskLow,
                              String claimsHeld) {
    }

    /**
     * One intake adapter: its broker, whether it is connected and consuming, the messages waiting at
     * the broker ({@code lag}, -1 when unknown), what it took in since start, and its last error.
     */
    public record Intake(String name, String type, String mode, boolean connected, boolean consuming, long lag,
                         long accepted, long duplicates, long deadLettered, long published, String lastError,
                         Instant lastErrorAt) {
    }

    /**
     * One speech engine: {@code jobs} this node's jobs it holds now, at most {@code concurrency}
     * (claims pass over its jobs while it is full; null in snapshots of nodes of older versions,
     * which did not count them); {@code wordTimings} whether its captions get word
     * times; {@code available} false (with why, and when it is tried again) while a remote server is down.
     */
    public record Engine(String name, String version, int concurrency, Integer jobs, boolean wordTimings,
                         boolean available, String detail, Instant retryAt) {
    }
}
