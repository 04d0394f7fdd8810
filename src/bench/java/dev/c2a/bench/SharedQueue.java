package dev.c2a.bench;

import dev.c2a.C2a;
import dev.c2a.api.JobRequest;
import dev.c2a.job.Job;
import dev.c2a.service.Service;
import dev.c2a.testing.Postgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * (i) Many nodes on one PostgreSQL (the test kit's server: durable commits, {@code synchronous_commit
 * = on}): no-op jobs from submit to completion with one node and with three, against one SQLite node
 * with every commit fsynced, in the same run; then enqueue-to-start across nodes — submitted on a
 * node whose workers are paused, started by an idle other — from the ledger's own timestamps.
 */
record SharedQueue(int count, int workersPerNode, int latencyJobs) implements Target {
    /** A broker's delivery or a {@code POST /v1/jobs/batch} of this many jobs. */
    private static final int BATCH = 100;

    @Override
    public void run(Bench bench) throws Exception {
        bench.out().printf("(i) %d no-op jobs from 4 threads spread over the nodes, to completion; %d workers per"
                + " node; submitted one by one | in batches of %d%n", count, workersPerNode, BATCH);
        try (Service sqlite = node(bench, "sqlite", null, workersPerNode)) {
            report(bench, "SQLite, 1 node, durability fsync", throughput(List.of(sqlite)));
        }
        for (int nodes : List.of(1, 3)) {
            try (Postgres.Database db = Postgres.newDatabase()) {
                List<Service> services = new ArrayList<>();
                try {
                    for (int i = 0; i < nodes; i++) {
                        services.add(node(bench, "pg-" + nodes + "-" + i, db, workersPerNode));
                    }
                    report(bench, "PostgreSQL, " + nodes + " node" + (nodes > 1 ? "s" : ""), throughput(services));
                } finally {
                    services.forEach(Service::close);
                }
            }
        }
        try (Postgres.Database db = Postgres.newDatabase();
             Service producer = node(bench, "producer", db, 1);
             Service consumer = node(bench, "consumer", db, 2)) {
            producer.pause();
            long[] nanos = new long[latencyJobs];
            for (int i = -20; i < latencyJobs; i++) {
                String id = producer.submit(JobRequest.ofText("latency " + i)).job().id();
                Job job = consumer.job(id);
                while (job.startedAt() == null) {
                    Thread.sleep(1);
                    job = consumer.job(id);
                }
                if (i >= 0) {
                    nanos[i] = Duration.between(job.queuedAt(), job.startedAt()).toNanos();
                }
            }
            bench.out().printf("    enqueue-to-start across nodes, from the ledger's timestamps (milliseconds, so each"
                    + " figure is +-1 ms): %s (target p50 < 5 ms, p99 < 50 ms)%n%n", new Stats(nanos).summary());
        }
    }

    private Service node(Bench bench, String name, Postgres.Database db, int workers) {
        C2a.Builder b = C2a.builder().dataDir(bench.scratch(name)).workers(workers).engine("noop")
                .set("durability", "fsync").set("max-attempts", "1");
        if (db != null) {
            b.set("queue", "postgres").set("database-url", db.url()).set("node-id", name);
        }
        return b.open();
    }

    /** One-by-one, then in batches, on the same nodes (each run's jobs are its own). */
    private double[] throughput(List<Service> nodes) throws Exception {
        double oneByOne = count / Bench.seconds(() -> Jobs.submitOneByOne(nodes, count));
        double batched = count / Bench.seconds(() -> Jobs.submitInBatches(nodes, count, BATCH));
        return new double[] {oneByOne, batched};
    }

    private static void report(Bench bench, String what, double[] jobsPerSecond) {
        bench.out().printf("    %-36s %,8.0f | %,8.0f jobs/s%n", what, jobsPerSecond[0], jobsPerSecond[1]);
        bench.out().flush();
    }
}
