package dev.c2a.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.testing.Http;
import dev.c2a.testing.Postgres;
import dev.c2a.testing.ServeProcess;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * (l) Scale-out: one {@code c2a serve} process on PostgreSQL, then three on one database, each with
 * the same workers and {@link SleepEngine} (200 ms a job, no CPU: on two cores a CPU-bound engine
 * would cap one node and three alike and hide what coordinating through the database costs). Each
 * node gets the same number of one-sentence jobs, submitted over HTTP while every node is paused;
 * jobs/s run from the resume of the nodes until the last job succeeded. The reference is the one
 * node, in the same run; efficiency = rate(3) / (3 × rate(1)).
 */
record ScaleOut(int jobsPerNode, int workersPerNode) implements Target {
    /** A {@code POST /v1/jobs/batch} of this many jobs. */
    private static final int BATCH = 100;

    @Override
    public void run(Bench bench) throws Exception {
        bench.out().printf("(l) scale-out: %d one-sentence jobs per node, an engine that sleeps %d ms a job, %d workers"
                + " per node, each node a process of its own on one PostgreSQL database%n", jobsPerNode,
                SleepEngine.MILLIS_PER_CALL, workersPerNode);
        double one = rate(bench, 1);
        double three = rate(bench, 3);
        bench.out().printf("    efficiency: rate(3) / (3 × rate(1)) = %.2f (target ≥ 0.9; the engine alone allows"
                + " %.1f jobs/s a node)%n%n", three / (3 * one), workersPerNode * 1000.0 / SleepEngine.MILLIS_PER_CALL);
    }

    /** Jobs per second of {@code nodes} nodes, each given {@link #jobsPerNode}. */
    private double rate(Bench bench, int nodes) throws Exception {
        try (Postgres.Database db = Postgres.newDatabase()) {
            List<CompletableFuture<ServeProcess>> starting = new ArrayList<>();
            for (int i = 1; i <= nodes; i++) {
                int n = i;
                starting.add(CompletableFuture.supplyAsync(() -> node(bench, db, nodes, n)));
            }
            List<ServeProcess> processes = new ArrayList<>();
            try {
                for (CompletableFuture<ServeProcess> s : starting) {
                    processes.add(s.join());
                }
                List<Http> http = processes.stream().map(p -> new Http(p.url())).toList();
                // uncounted: the JIT and the pools warm up, on every node
                int warmUp = workersPerNode * 10 * nodes;
                submit(processes, "warm-up", warmUp);
                awaitSucceeded(http.getFirst(), warmUp);

                http.getFirst().post("/v1/cluster/pause", null);
                for (Http h : http) {
                    while (!h.get("/v1/service").json().path("state").asText().equals("paused")) {
                        Thread.sleep(5);
                    }
                }
                int count = jobsPerNode * nodes;
                submit(processes, "job", count);
                long queued = jobs(http.getFirst()).path("queued").asLong();
                if (queued != count) {
                    throw new IllegalStateException(queued + " of " + count + " jobs queued: paused nodes took some");
                }
                long start = System.nanoTime();
                http.getFirst().post("/v1/cluster/resume", null);
                awaitSucceeded(http.getFirst(), warmUp + count);
                double seconds = (System.nanoTime() - start) / 1e9;
                double rate = count / seconds;
                bench.out().printf("    %d node%s: %,d jobs in %.1f s, %.1f jobs/s (%.1f a node)%n", nodes,
                        nodes > 1 ? "s" : "", count, seconds, rate, rate / nodes);
                bench.out().flush();
                return rate;
            } finally {
                for (ServeProcess p : processes) {
                    p.close();
                }
            }
        }
    }

    private ServeProcess node(Bench bench, Postgres.Database db, int nodes, int n) {
        try {
            return ServeProcess.start(bench.scratch("l-" + nodes + "-node" + n), "--workers",
                    Integer.toString(workersPerNode), "--engine", SleepEngine.class.getName(),
                    "--set", "queue=postgres", "--set", "database-url=" + db.url(), "--set", "node-id=node" + n,
                    "--set", "max-attempts=1");
        } catch (Exception e) {
            throw new IllegalStateException("node" + n + " did not start", e);
        }
    }

    /** {@code count} one-sentence jobs in batches, the i-th batch to the i-th node in turn. */
    private static void submit(List<ServeProcess> nodes, String name, int count) throws Exception {
        for (int from = 0, b = 0; from < count; from += BATCH, b++) {
            List<String> texts = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + BATCH); i++) {
                texts.add("This is " + name + " number " + i + ".");
            }
            Jobs.postBatch(nodes.get(b % nodes.size()).url(), texts, null);
        }
    }

    /** Polls the ledger's counts every 20 ms until {@code count} jobs succeeded; none may fail. */
    private static void awaitSucceeded(Http node, long count) throws InterruptedException {
        while (true) {
            JsonNode jobs = jobs(node);
            if (jobs.path("failed").asLong() > 0) {
                throw new IllegalStateException("a benchmark job failed");
            }
            if (jobs.path("succeeded").asLong() >= count) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** The job counts of the ledger, which every node shares. */
    private static JsonNode jobs(Http node) {
        return node.get("/v1/service").json().path("jobs");
    }
}
