package dev.c2a.bench;

import dev.c2a.C2aServer;
import dev.c2a.api.JobRequest;
import dev.c2a.job.JobState;
import dev.c2a.json.Json;
import dev.c2a.service.Service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Jobs submitted and awaited the way the targets measure them. */
final class Jobs {
    private Jobs() {
    }

    /** All texts as one batch over HTTP, then every one of them done. */
    static void throughHttp(C2aServer c2a, List<String> texts) throws Exception {
        postBatch(c2a.url(), texts, null);
        awaitSucceeded(c2a.service(), texts.size());
    }

    /** All texts as one {@code POST /v1/jobs/batch}, each with {@code voice} when it is not null. */
    static void postBatch(String url, List<String> texts, String voice) throws Exception {
        String body = Json.write(Map.of("jobs", texts.stream().map(t -> voice == null ? Map.of("text", t)
                : Map.of("text", t, "voice", voice)).toList()));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/jobs/batch"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** Polls every 20 ms: counting is a query, and polling faster would take CPU from what is measured. */
    static void awaitSucceeded(Service service, long count) throws InterruptedException {
        while (true) {
            var jobs = service.status().jobs();
            if (jobs.get("failed") > 0) {
                throw new IllegalStateException("a benchmark job failed");
            }
            if (jobs.get("succeeded") >= count) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** One job to its end; it must succeed. Its audio is deleted, so a long run does not fill the disk. */
    static void runOne(Service service, JobRequest request) throws InterruptedException {
        // the figure is taken; the job and its audio would only cost disk now
        service.delete(runKept(service, request));
    }

    /** One job to its end, which must be a success; returns its id. */
    static String runKept(Service service, JobRequest request) throws InterruptedException {
        String id = service.submit(request).job().id();
        while (!service.job(id).state().isFinal()) {
            Thread.sleep(50);
        }
        if (service.job(id).state() != JobState.SUCCEEDED) {
            throw new IllegalStateException("a benchmark job did not succeed: " + service.job(id).lastError());
        }
        return id;
    }

    /**
     * {@code count} short texts in batches of {@code size} (each batch one acknowledged commit, as a
     * {@code POST /v1/jobs/batch} or a broker's delivery), from 4 threads, the i-th batch to
     * {@code nodes.get(i % nodes.size())}, then awaited.
     */
    static void submitInBatches(List<Service> nodes, int count, int size) throws Exception {
        int batches = (count + size - 1) / size;
        submitFromFourThreads(nodes, count, from -> {
            for (int b = from; b < batches; b += 4) {
                List<JobRequest> batch = new ArrayList<>();
                for (int i = b * size; i < Math.min(count, (b + 1) * size); i++) {
                    batch.add(JobRequest.ofText("job " + i));
                }
                nodes.get(b % nodes.size()).submitAll(batch);
            }
        });
    }

    /**
     * {@code count} short texts submitted one by one from 4 threads (each submission its own
     * acknowledged commit), the i-th to {@code nodes.get(i % nodes.size())}, then awaited.
     */
    static void submitOneByOne(List<Service> nodes, int count) throws Exception {
        submitFromFourThreads(nodes, count, from -> {
            for (int i = from; i < count; i += 4) {
                nodes.get(i % nodes.size()).submit(JobRequest.ofText("job " + i));
            }
        });
    }

    /** What one of the 4 submitting threads does, given its number (0-3). */
    private interface Submitter {
        void submit(int thread) throws Exception;
    }

    /** Runs the 4 submitters at once, then waits until the {@code count} jobs they submit all succeeded. */
    private static void submitFromFourThreads(List<Service> nodes, int count, Submitter submitter) throws Exception {
        long before = nodes.get(0).status().jobs().get("succeeded");
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int n = t;
                all.add(threads.submit(() -> {
                    submitter.submit(n);
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            threads.shutdown();
        }
        awaitSucceeded(nodes.get(0), before + count);
    }
}
