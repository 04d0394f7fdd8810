package dev.c2a.bench;

import dev.c2a.C2aServer;
import dev.c2a.testing.SampleTexts;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** (a) Texts through the service with 2 workers, against espeak-ng run directly two at a time. */
record Throughput(int count, int rounds) implements Target {
    /** The reference: espeak-ng as a user would run it, text on stdin, WAV into a file. */
    private static final Direct ESPEAK_NG = (text, wav) -> {
        Process p = new ProcessBuilder("espeak-ng", "--stdout", "-b", "1", "-v", "en", "-s", "175")
                .redirectOutput(wav.toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        p.waitFor();
    };

    @Override
    public void run(Bench bench) throws Exception {
        PrintWriter out = bench.out();
        List<String> texts = SampleTexts.make(count, 200, 42);
        // bench/encoders.sh speaks the same texts
        Path file = Files.write(bench.kept("texts-200.txt"), texts);
        out.printf("(a) %d texts of ~200 chars (%s), 2 workers / 2 parallel espeak-ng writing WAV files, durability"
                + " process; one uncounted warm-up round each%n", count, file);
        double directSum = 0;
        double serviceSum = 0;
        Path wavs = Files.createDirectories(bench.scratch("direct"));
        // why: a running service is warm; one uncounted round lets the JIT compile both sides first
        ESPEAK_NG.speakAll(texts, 2, wavs);
        try (C2aServer warmUp = bench.server("warm-up", "espeak-ng", 2, "process")) {
            Jobs.throughHttp(warmUp, texts);
        }
        for (int round = 1; round <= rounds; round++) {
            long cpu = jvmCpuNanos();
            double direct = count / Bench.seconds(() -> ESPEAK_NG.speakAll(texts, 2, wavs));
            long directCpu = jvmCpuNanos() - cpu;
            double service;
            try (C2aServer c2a = bench.server("throughput", "espeak-ng", 2, "process")) {
                cpu = jvmCpuNanos();
                service = count / Bench.seconds(() -> Jobs.throughHttp(c2a, texts));
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

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
