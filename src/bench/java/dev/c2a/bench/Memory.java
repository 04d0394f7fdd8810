package dev.c2a.bench;

import dev.c2a.C2aServer;
import dev.c2a.api.JobRequest;
import dev.c2a.service.Service;
import dev.c2a.testing.SampleTexts;

/** (d) Peak live heap while one job of {@code large} chars runs, over one of {@code small} chars. */
record Memory(int small, int large) implements Target {
    @Override
    public void run(Bench bench) throws Exception {
        bench.out().printf("(d) peak live heap during one job (espeak-ng, 1 worker), sampled after a full GC every 100 ms%n");
        try (C2aServer c2a = bench.server("heap", "espeak-ng", 1, "process")) {
            Service service = c2a.service();
            Jobs.runOne(service, JobRequest.ofText(SampleTexts.make(1, 2_000, 7).get(0)));
            long smallPeak = LiveHeap.peakDuring(service, JobRequest.ofText(String.join(" ", SampleTexts.make(1, small, 1))));
            long largePeak = LiveHeap.peakDuring(service, JobRequest.ofText(String.join(" ", SampleTexts.make(1, large, 2))));
            bench.out().printf("    %,d chars: %.1f MiB; %,d chars: %.1f MiB; ratio %.2f (target < 1.5)%n%n", small,
                    smallPeak / 1048576.0, large, largePeak / 1048576.0, (double) largePeak / smallPeak);
        }
    }
}
