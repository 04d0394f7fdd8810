package dev.c2a.bench;

import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.json.Json;
import dev.c2a.service.JobRequest;
import dev.c2a.service.Service;
import dev.c2a.testing.SampleBook;
import dev.c2a.testing.SampleTexts;
import dev.c2a.testing.ServeProcess;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The benchmark targets of BENCHMARKS.md; each prints its figures and how they were made. */
final class Bench implements AutoCloseable {
    private final Path work;
    private final PrintWriter out;
    private final List<Path> dataDirs = new ArrayList<>();

    Bench(Path work, PrintWriter out) {
        this.work = work;
        this.out = out;
    }

    /**
     * A service on a fresh data directory. Directories are deleted only when the bench ends: on a file
     * system mounted with {@code discard}, deleting thousands of files slows the disk syncs of whatever
     * is measured next.
     */
    C2aServer server(String name, String engine, int workers, String durability) throws IOException {
        Path data = work.resolve(name + "-" + System.nanoTime());
        dataDirs.add(data);
        return C2a.builder().dataDir(data).port(0).workers(workers).engine(engine).set("durability", durability)
                .set("max-attempts", "1").start();
    }

    /** A service whose only engine is a remote speech server at {@code url}. */
    C2aServer remoteServer(String name, String url, int workers) throws IOException {
        Path data = work.resolve(name + "-" + System.nanoTime());
        dataDirs.add(data);
        return C2a.builder().dataDir(data).port(0).workers(workers).engine("remote").set("remote-url", url)
                .set("max-attempts", "1").start();
    }

    /**
     * (h) Job throughput (as (a): texts through 2 workers with espeak-ng) with no dashboard and with
     * {@code clients} connected to {@code /v1/events}, alternated. The clients read and drop the
     * stream: browsers run elsewhere, and parsing here would take the CPU being measured.
     */
    void dashboards(int count, int clients, int rounds) throws Exception {
        List<String> texts = SampleTexts.make(count, 200, 42);
        out.printf("(h) %d texts of ~200 chars, 2 workers, espeak-ng: throughput with 0 and with %d SSE clients on"
                + " /v1/events, alternated, one warm-up each%n", count, clients);
        double none = 0;
        double some = 0;
        for (int round = 0; round <= rounds; round++) {
            for (int n : new int[] {0, clients}) {
                try (C2aServer c2a = server("sse-" + n, "espeak-ng", 2, "process")) {
                    List<java.io.InputStream> streams = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        java.io.InputStream in = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create(c2a.url() + "/v1/events")).build(), HttpResponse.BodyHandlers.ofInputStream()).body();
                        streams.add(in);
                        Thread.startVirtualThread(() -> {
                            try (in) {
                                in.transferTo(java.io.OutputStream.nullOutputStream());
                            } catch (IOException ignored) {
                                // closed at the end of the round
                            }
                        });
                    }
                    double rate = count / seconds(() -> throughHttp(c2a, texts));
                    if (n > 0 && c2a.service().events().listeners() != n) {
                        throw new IllegalStateException("only " + c2a.service().events().listeners() + " of " + n
                                + " clients stayed connected");
                    }
                    for (java.io.InputStream in : streams) {
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

    /** (g) every engine; see {@link EngineBench}. */
    void engines() throws Exception {
        new EngineBench(this, out, work).run();
    }

    /** (a) 500 texts through the service with 2 workers, against espeak-ng run directly two at a time. */
    void throughput(int count, int rounds) throws Exception {
        List<String> texts = SampleTexts.make(count, 200, 42);
        // bench/encoders.sh speaks the same texts
        Path file = Files.write(Files.createDirectories(work).resolve("texts-200.txt"), texts);
        out.printf("(a) %d texts of ~200 chars (%s), 2 workers / 2 parallel espeak-ng writing WAV files, durability"
                + " process; one uncounted warm-up round each%n", count, file);
        double directSum = 0;
        double serviceSum = 0;
        Path wavs = Files.createDirectories(work.resolve("direct-" + System.nanoTime()));
        dataDirs.add(wavs);
        // why: a running service is warm; one uncounted round lets the JIT compile both sides first
        espeakDirect(texts, 2, wavs);
        try (C2aServer warmUp = server("warm-up", "espeak-ng", 2, "process")) {
            throughHttp(warmUp, texts);
        }
        for (int round = 1; round <= rounds; round++) {
            long cpu = jvmCpuNanos();
            double direct = count / seconds(() -> espeakDirect(texts, 2, wavs));
            long directCpu = jvmCpuNanos() - cpu;
            double service;
            try (C2aServer c2a = server("throughput", "espeak-ng", 2, "process")) {
                cpu = jvmCpuNanos();
                service = count / seconds(() -> throughHttp(c2a, texts));
                cpu = jvmCpuNanos() - cpu;
            }
            directSum += direct;
            serviceSum += service;
            out.printf("    round %d: espeak-ng direct %.1f texts/s, c2a %.1f texts/s, ratio %.3f (JVM CPU per text:"
                    + " direct %.2f ms, c2a %.2f ms)%n", round, direct, service, service / direct,
                    directCpu / 1e6 / count, cpu / 1e6 / count);
            out.flush();
        }
        out.printf("    mean: direct %.1f texts/s, c2a %.1f texts/s, ratio %.3f (target >= 0.9)%n%n",
                directSum / rounds, serviceSum / rounds, serviceSum / directSum);
    }

    /** The reference: espeak-ng as a user would run it, text on stdin, WAV into a file. */
    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void espeakDirect(List<String> texts, int parallel, Path wavs) throws Exception {
        EngineBench.direct(texts, parallel, wavs, (text, wav) -> {
            Process p = new ProcessBuilder("espeak-ng", "--stdout", "-b", "1", "-v", "en", "-s", "175")
                    .redirectOutput(wav.toFile()).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            p.waitFor();
        });
    }

    private static void throughHttp(C2aServer c2a, List<String> texts) throws Exception {
        postBatch(HttpClient.newHttpClient(), c2a.url(), texts);
        awaitSucceeded(c2a.service(), texts.size());
    }

    /** All texts as one {@code POST /v1/jobs/batch}. */
    static void postBatch(HttpClient http, String url, List<String> texts) throws Exception {
        postBatch(http, url, texts, null);
    }

    /** All texts as one batch, each with {@code voice} when it is not null. */
    static void postBatch(HttpClient http, String url, List<String> texts, String voice) throws Exception {
        String body = Json.write(Map.of("jobs", texts.stream().map(t -> voice == null ? Map.of("text", t)
                : Map.of("text", t, "voice", voice)).toList()));
        send(http, HttpRequest.newBuilder(URI.create(url + "/v1/jobs/batch")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), 202);
    }

    /** (b) the queue alone: 10,000 no-op jobs from submit to completion, every commit fsynced. */
    void queueOverhead(int count, int workers) throws Exception {
        out.printf("(b) %d jobs with the no-op engine, durability fsync, %d workers, submitted one by one from"
                + " 4 threads (each submit is its own acknowledged commit)%n", count, workers);
        try (C2aServer c2a = server("queue", "noop", workers, "fsync")) {
            Service service = c2a.service();
            double s = seconds(() -> {
                ExecutorService submitters = Executors.newFixedThreadPool(4);
                List<Future<?>> all = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int from = t;
                    all.add(submitters.submit(() -> {
                        for (int i = from; i < count; i += 4) {
                            service.submit(JobRequest.ofText("job " + i));
                        }
                    }));
                }
                for (Future<?> f : all) {
                    f.get();
                }
                submitters.shutdown();
                awaitSucceeded(service, count);
            });
            out.printf("    %.0f jobs/s (%.2f s for %d) (target >= 2000)%n%n", count / s, s, count);
        }
    }

    /**
     * (c) enqueue-to-start on an idle service, to the engine's first call for the job (the probe engine
     * notes the time in this JVM, where the service runs). Measured twice: from {@code Service.submit}
     * in-process (the queue and the wake-up alone), and from sending {@code POST /v1/jobs}, the client
     * then polling {@code GET /v1/jobs/{id}} as the peers' driver does. How a client waits changes the
     * figure on a VM, where an idle CPU is slow to wake.
     */
    void startLatency(int count) throws Exception {
        for (String durability : List.of("process", "fsync")) {
            try (C2aServer c2a = server("latency-" + durability, ProbeEngine.class.getName(), 2, durability);
                 KeepAliveClient client = new KeepAliveClient(URI.create(c2a.url()))) {
                Service service = c2a.service();
                long[] inProcess = new long[count];
                long[] http = new long[count];
                for (int i = -20; i < count; i++) {
                    String text = durability + " in-process " + letters(i);
                    long before = System.nanoTime();
                    String id = service.submit(JobRequest.ofText(text)).job().id();
                    while (!service.job(id).state().isFinal()) {
                        Thread.onSpinWait();
                    }
                    if (i >= 0) {
                        inProcess[i] = ProbeEngine.started(text).get() - before;
                    }
                }
                for (int i = -20; i < count; i++) {
                    String text = durability + " http " + letters(i);
                    long before = System.nanoTime();
                    String body = client.post("/v1/jobs", "{\"text\": \"" + text + "\"}");
                    String id = body.replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
                    while (!client.get("/v1/jobs/" + id).contains("\"state\":\"succeeded\"")) {
                        Thread.onSpinWait();
                    }
                    if (i >= 0) {
                        http[i] = ProbeEngine.started(text).get() - before;
                    }
                }
                out.printf("(c) enqueue-to-start, idle service, durability %s (target p50 < 2 ms)%n"
                        + "    Service.submit in-process:              %s%n"
                        + "    POST /v1/jobs, client polling the job:  %s%n", durability,
                        new Stats(inProcess).summary(), new Stats(http).summary());
            }
        }
        out.println();
    }

    /**
     * A number written in letters ("b" for 1, "ca" for 20), so the probe finds its text unchanged:
     * normalisation would speak digits as words.
     */
    private static String letters(int i) {
        return Integer.toString(i + 20).chars().mapToObj(c -> String.valueOf((char) ('a' + c - '0')))
                .collect(java.util.stream.Collectors.joining());
    }

    /**
     * (d) peak live heap while one job of {@code large} chars runs, over one of {@code small} chars:
     * every 100 ms a full GC, then the heap in use. Without the GC, the peak of used heap measures how
     * far the collector let garbage grow, which depends on how long the job runs, not on what it holds.
     */
    void heap(int small, int large) throws Exception {
        out.printf("(d) peak live heap during one job (espeak-ng, 1 worker), sampled after a full GC every 100 ms%n");
        try (C2aServer c2a = server("heap", "espeak-ng", 1, "process")) {
            Service service = c2a.service();
            runOne(service, JobRequest.ofText(SampleTexts.make(1, 2_000, 7).get(0)));
            long smallPeak = peakLiveDuring(service, JobRequest.ofText(String.join(" ", SampleTexts.make(1, small, 1))));
            long largePeak = peakLiveDuring(service, JobRequest.ofText(String.join(" ", SampleTexts.make(1, large, 2))));
            out.printf("    %,d chars: %.1f MiB; %,d chars: %.1f MiB; ratio %.2f (target < 1.5)%n%n", small,
                    smallPeak / 1048576.0, large, largePeak / 1048576.0, (double) largePeak / smallPeak);
        }
    }

    /**
     * (f) a generated EPUB book to audio, one job on one worker: wall time as WAV, MP3 and M4B (the
     * encoder's share is the difference from WAV; ffmpeg runs beside the worker), then the peak live
     * heap of the M4B job against a book a tenth its size.
     */
    void book(int chars, int chapters) throws Exception {
        out.printf("(f) a generated EPUB of %,d characters in %d chapters, one job on one worker (espeak-ng),"
                + " durability process%n", chars, chapters);
        byte[] big = SampleBook.epub("Bench Book", "c2a", SampleBook.generated(chapters, chars / chapters));
        byte[] small = SampleBook.epub("Bench Book", "c2a", SampleBook.generated(chapters, chars / 10 / chapters));
        try (C2aServer c2a = server("book", "espeak-ng", 1, "process")) {
            Service service = c2a.service();
            runOne(service, epub(small, "mp3"));
            double wav = seconds(() -> runOne(service, epub(big, "wav")));
            double mp3 = seconds(() -> runOne(service, epub(big, "mp3")));
            double m4b = seconds(() -> runOne(service, epub(big, "m4b")));
            out.printf("    wall time: WAV %.1f s, MP3 %.1f s (+%.1f%% over WAV, target < 15%%), M4B %.1f s (+%.1f%%)%n",
                    wav, mp3, (mp3 / wav - 1) * 100, m4b, (m4b / wav - 1) * 100);
            long smallPeak = peakLiveDuring(service, epub(small, "m4b"));
            long bigPeak = peakLiveDuring(service, epub(big, "m4b"));
            out.printf("    peak live heap (M4B): %,d chars %.1f MiB, %,d chars %.1f MiB, ratio %.2f%n%n", chars / 10,
                    smallPeak / 1048576.0, chars, bigPeak / 1048576.0, (double) bigPeak / smallPeak);
        }
    }

    private static JobRequest epub(byte[] book, String format) {
        return new JobRequest(null, "epub", java.util.Base64.getEncoder().encodeToString(book), null, format, null,
                null, null, null);
    }

    private long peakLiveDuring(Service service, JobRequest request) throws Exception {
        java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong(liveHeap());
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                peak.accumulateAndGet(liveHeap(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            runOne(service, request);
        } finally {
            running.set(false);
            sampler.join();
        }
        return peak.get();
    }

    static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    private static void runOne(Service service, JobRequest request) throws InterruptedException {
        String id = service.submit(request).job().id();
        while (!service.job(id).state().isFinal()) {
            Thread.sleep(50);
        }
        if (service.job(id).state() != dev.c2a.job.JobState.SUCCEEDED) {
            throw new IllegalStateException("a benchmark job did not succeed: " + service.job(id).lastError());
        }
        if (service.job(id).result() != null) {
            try {
                Files.deleteIfExists(service.audio(service.job(id)));
            } catch (IOException ignored) {
                // the figure is taken; a left-over file only costs disk
            }
        }
    }

    /**
     * (e) GET /v1/service while both workers are saturated and 2,000 jobs wait. The service runs in
     * its own process, as in production: a client in the same JVM would share its heap and threads.
     */
    void statusLatency(int queued, int requests) throws Exception {
        Path data = work.resolve("status-" + System.nanoTime());
        dataDirs.add(data);
        try (ServeProcess c2a = ServeProcess.start(data, "--workers", "2")) {
            postBatch(HttpClient.newHttpClient(), c2a.url(), SampleTexts.make(queued, 200, 9));
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
            out.printf("(e) GET /v1/service from another process (one kept-alive connection), 2 busy workers, %d jobs queued at the start: %s"
                    + " (target p99 < 5 ms)%n    status at the end: %s%n%n", queued, new Stats(nanos).summary(),
                    last.replaceAll(".*\"workers\":\\{\"desired\":2,\"alive\":2,\"busy\":(\\d+).*\"jobs\":\\{\"queued\":(\\d+).*",
                            "$1 busy, $2 queued"));
        }
    }

    private static String send(HttpClient http, HttpRequest request, int expected) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
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

    interface Work {
        void run() throws Exception;
    }

    static double seconds(Work work) throws Exception {
        long t = System.nanoTime();
        work.run();
        return (System.nanoTime() - t) / 1e9;
    }

    @Override
    public void close() throws IOException {
        for (Path dir : dataDirs) {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

}
