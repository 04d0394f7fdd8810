package dev.c2a.bench;

import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.api.JobRequest;
import dev.c2a.service.Service;
import dev.c2a.store.S3Options;
import dev.c2a.testing.S3;
import dev.c2a.testing.SampleBook;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

/**
 * (j) The {@code s3} store (S3Proxy, started by {@code scripts/s3}) against the {@code local} one,
 * in one script: a book to M4B, one job on one worker (wall time), then its audio served over HTTP
 * in 1 MiB ranges, as a player or a download manager reads it; then the peak live heap of the same
 * book at a tenth of the size (sampling with a full GC every 100 ms slows a long job several
 * times, and an upload that held the file in memory would show at that size too: its M4B is
 * 20 MB). With {@code s3}, the node serving holds no copy: its staged files went when it
 * published, so it reads the bucket as any other node of a cluster would.
 */
record StoreBench(int chars, int chapters, int rounds) implements Target {
    private static final int RANGE = 1 << 20;

    @Override
    public void run(Bench bench) throws Exception {
        bench.out().printf("(j) a generated EPUB of %,d characters in %d chapters to M4B, one job on one worker"
                + " (espeak-ng), store local against s3 (S3Proxy on this machine), %d alternations%n", chars, chapters,
                rounds);
        byte[] book = SampleBook.epub("Bench Book", "c2a", SampleBook.generated(chapters, chars / chapters));
        byte[] small = SampleBook.epub("Bench Book", "c2a", SampleBook.generated(chapters, chars / 10 / chapters));
        try (S3.Bucket bucket = S3.s3proxy().bucket()) {
            for (int round = 1; round <= rounds; round++) {
                Result local = measure(bench, book, small, null);
                Result s3 = measure(bench, book, small, bucket.options());
                bench.out().printf("    round %d: wall local %.1f s, s3 %.1f s (%.2f×); peak live heap (%,d chars) local"
                                + " %.1f MiB, s3 %.1f MiB; serving %,d MB in 1 MiB ranges: local %.0f MB/s, s3 %.0f MB/s (%.2f×)%n",
                        round, local.wall, s3.wall, s3.wall / local.wall, chars / 10, local.heap / 1048576.0, s3.heap / 1048576.0,
                        local.bytes / 1_000_000, local.mbPerSecond, s3.mbPerSecond, s3.mbPerSecond / local.mbPerSecond);
            }
        }
        bench.out().println();
    }

    private record Result(double wall, long heap, long bytes, double mbPerSecond) {
    }

    private Result measure(Bench bench, byte[] book, byte[] small, S3Options s3) throws Exception {
        C2a.Builder builder = C2a.builder().dataDir(bench.scratch("store")).port(0).workers(1).engine("espeak-ng")
                .set("max-attempts", "1");
        if (s3 != null) {
            builder.set("store", "s3").set("s3-endpoint", s3.endpoint().toString()).set("s3-bucket", s3.bucket())
                    .set("s3-access-key", s3.accessKey()).set("s3-secret-key", s3.secretKey());
        }
        try (C2aServer c2a = builder.start()) {
            Service service = c2a.service();
            String[] id = new String[1];
            double wall = Bench.seconds(() -> id[0] = Jobs.runKept(service, m4b(book)));
            long size = service.audio(id[0]).size();
            HttpClient http = HttpClient.newHttpClient();
            URI audio = URI.create(c2a.url() + "/v1/jobs/" + id[0] + "/audio");
            double seconds = Bench.seconds(() -> {
                byte[] buffer = new byte[1 << 16];
                for (long at = 0; at < size; at += RANGE) {
                    HttpRequest get = HttpRequest.newBuilder(audio)
                            .header("Range", "bytes=" + at + "-" + (Math.min(size, at + RANGE) - 1)).build();
                    try (InputStream in = http.send(get, HttpResponse.BodyHandlers.ofInputStream()).body()) {
                        while (in.read(buffer) >= 0) {
                            // read through, as a client would
                        }
                    }
                }
            });
            service.delete(id[0]);
            long heap = LiveHeap.peakDuring(service, m4b(small));
            return new Result(wall, heap, size, size / 1e6 / seconds);
        }
    }

    private static JobRequest m4b(byte[] book) {
        return new JobRequest(null, "epub", Base64.getEncoder().encodeToString(book), null, "m4b", null,
                null, null, null);
    }
}
