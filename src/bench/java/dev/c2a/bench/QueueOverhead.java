package dev.c2a.bench;

import dev.c2a.C2aServer;
import dev.c2a.service.Service;

import java.util.List;

/** (b) The queue alone: no-op jobs from submit to completion, every commit fsynced, for each worker count. */
record QueueOverhead(int count, List<Integer> workerCounts) implements Target {
    @Override
    public void run(Bench bench) throws Exception {
        for (int workers : workerCounts) {
            run(bench, workers);
        }
    }

    private void run(Bench bench, int workers) throws Exception {
        bench.out().printf("(b) %d jobs with the no-op engine, durability fsync, %d workers, submitted one by one from"
                + " 4 threads (each submit is its own acknowledged commit)%n", count, workers);
        try (C2aServer c2a = bench.server("queue", "noop", workers, "fsync")) {
            Service service = c2a.service();
            double s = Bench.seconds(() -> Jobs.submitOneByOne(List.of(service), count));
            bench.out().printf("    %.0f jobs/s (%.2f s for %d) (target >= 2000)%n%n", count / s, s, count);
        }
    }
}
