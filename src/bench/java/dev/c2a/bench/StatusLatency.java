package dev.c2a.bench;

import dev.c2a.testing.SampleTexts;
import dev.c2a.testing.ServeProcess;

import java.net.URI;

/**
 * (e) GET /v1/service while both workers are saturated and {@code queued} jobs wait. The service runs
 * in its own process, as in production: a client in the same JVM would share its heap and threads.
 */
record StatusLatency(int queued, int requests) implements Target {
    @Override
    public void run(Bench bench) throws Exception {
        try (ServeProcess c2a = ServeProcess.start(bench.scratch("status"), "--workers", "2")) {
            Jobs.postBatch(c2a.url(), SampleTexts.make(queued, 200, 9), null);
            long[] nanos = new long[requests];
            String last;
            try (KeepAliveClient client = new KeepAliveClient(URI.create(c2a.url()))) {
                for (int i = 0; i < 200; i++) {
                    client.get("/v1/service");
                }
                for (int i = 0; i < requests; i++) {
                    long t = System.nanoTime();
                    client.get("/v1/service");
                    nanos[i] = System.nanoTime() - t;
                }
                last = client.get("/v1/service");
            }
            bench.out().printf("(e) GET /v1/service from another process (one kept-alive connection), 2 busy workers, %d jobs queued at the start: %s"
                    + " (target p99 < 5 ms)%n    status at the end: %s%n%n", queued, new Stats(nanos).summary(),
                    last.replaceAll(".*\"workers\":\\{\"desired\":2,\"alive\":2,\"busy\":(\\d+).*\"jobs\":\\{\"queued\":(\\d+).*",
                            "$1 busy, $2 queued"));
        }
    }
}
