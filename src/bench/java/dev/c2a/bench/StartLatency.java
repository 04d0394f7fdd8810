package dev.c2a.bench;

import dev.c2a.C2aServer;
import dev.c2a.api.JobRequest;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.queue.memory.InMemoryJobQueue;
import dev.c2a.service.Service;

import java.net.URI;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.Collectors;

/**
 * (c) enqueue-to-start on an idle service, to the engine's first call for the job (the probe engine
 * notes the time in this JVM, where the service runs). Measured twice: from {@code Service.submit}
 * in-process (the queue and the wake-up alone), and from sending {@code POST /v1/jobs}, the client
 * then polling {@code GET /v1/jobs/{id}} as the peers' driver does. How a client waits changes the
 * figure on a VM, where an idle CPU is slow to wake.
 */
record StartLatency(int count) implements Target {
    /** Uncounted jobs first, as many as the peers' script gives the seed: the JIT compiles the path meanwhile. */
    private static final int WARMUP = 300;
    /**
     * Not a setting: the queue kept in memory, as the tests' queue is. Measures what HTTP, the hand-off
     * and the worker cost without the ledger, the share no database could take away.
     */
    private static final String MEMORY = "memory";

    @Override
    public void run(Bench bench) throws Exception {
        for (String durability : List.of("process", "fsync", MEMORY)) {
            ProbeEngine probe = new ProbeEngine();
            try (C2aServer c2a = durability.equals(MEMORY) ? inMemory(bench, probe)
                    : bench.server("latency-" + durability, probe, 2, durability);
                 KeepAliveClient client = new KeepAliveClient(URI.create(c2a.url()))) {
                Service service = c2a.service();
                long[] inProcess = new long[count];
                long[] http = new long[count];
                for (int i = -WARMUP; i < count; i++) {
                    String text = durability + " in-process " + letters(i);
                    long before = System.nanoTime();
                    String id = service.submit(JobRequest.ofText(text)).job().id();
                    while (!service.job(id).state().isFinal()) {
                        Thread.onSpinWait();
                    }
                    if (i >= 0) {
                        inProcess[i] = probe.started(text).get() - before;
                    }
                }
                for (int i = -WARMUP; i < count; i++) {
                    String text = durability + " http " + letters(i);
                    long before = System.nanoTime();
                    String body = client.post("/v1/jobs", "{\"text\": \"" + text + "\"}");
                    String id = body.replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
                    while (!client.get("/v1/jobs/" + id).contains("\"state\":\"succeeded\"")) {
                        Thread.onSpinWait();
                    }
                    if (i >= 0) {
                        http[i] = probe.started(text).get() - before;
                    }
                }
                bench.out().printf("(c) enqueue-to-start, idle service, %s (target p50 < 2 ms)%n"
                        + "    Service.submit in-process:              %s%n"
                        + "    POST /v1/jobs, client polling the job:  %s%n",
                        durability.equals(MEMORY) ? "jobs kept in memory (not durable: the floor under the ledger)"
                                : "durability " + durability,
                        new Stats(inProcess).summary(), new Stats(http).summary());
            }
        }
        bench.out().println();
    }

    private static C2aServer inMemory(Bench bench, ProbeEngine probe) {
        return bench.steered("latency-memory", probe, 2)
                .queue(new InMemoryJobQueue(InstantSource.system(), RetryPolicy.defaults())).start();
    }

    /**
     * A number written in letters ("b" for 1, "ca" for 20), so the probe finds its text unchanged:
     * normalisation would speak digits as words.
     */
    private static String letters(int i) {
        return Integer.toString(i + 20).chars().mapToObj(c -> String.valueOf((char) ('a' + c - '0')))
                .collect(Collectors.joining());
    }
}
