package dev.c2a.bench;

import dev.c2a.C2aServer;
import dev.c2a.testing.SampleTexts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * (h) Job throughput (as (a): texts through 2 workers with espeak-ng) with no dashboard and with
 * {@code clients} connected to {@code /v1/events}, alternated. The clients read and drop the
 * stream: browsers run elsewhere, and parsing here would take the CPU being measured.
 */
record Dashboards(int count, int clients, int rounds) implements Target {
    @Override
    public void run(Bench bench) throws Exception {
        PrintWriter out = bench.out();
        List<String> texts = SampleTexts.make(count, 200, 42);
        out.printf("(h) %d texts of ~200 chars, 2 workers, espeak-ng: throughput with 0 and with %d SSE clients on"
                + " /v1/events, alternated, one warm-up each%n", count, clients);
        double none = 0;
        double some = 0;
        for (int round = 0; round <= rounds; round++) {
            for (int n : new int[] {0, clients}) {
                try (C2aServer c2a = bench.server("sse-" + n, "espeak-ng", 2, "process")) {
                    List<InputStream> streams = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        InputStream in = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create(c2a.url() + "/v1/events")).build(), HttpResponse.BodyHandlers.ofInputStream()).body();
                        streams.add(in);
                        Thread.startVirtualThread(() -> {
                            try (in) {
                                in.transferTo(OutputStream.nullOutputStream());
                            } catch (IOException ignored) {
                                // closed at the end of the round
                            }
                        });
                    }
                    double rate = count / Bench.seconds(() -> Jobs.throughHttp(c2a, texts));
                    if (n > 0 && c2a.service().eventListeners() != n) {
                        throw new IllegalStateException("only " + c2a.service().eventListeners() + " of " + n
                                + " clients stayed connected");
                    }
                    for (InputStream in : streams) {
                        in.close();
                    }
                    if (round == 0) {
                        continue;
                    }
                    out.printf("    round %d, %2d clients: %.1f texts/s%n", round, n, rate);
                    out.flush();
                    if (n == 0) {
                        none += rate;
                    } else {
                        some += rate;
                    }
                }
            }
        }
        out.printf("    mean: %.1f texts/s with none, %.1f with %d clients, ratio %.3f (target >= 0.95)%n%n",
                none / rounds, some / rounds, clients, some / none);
    }
}
