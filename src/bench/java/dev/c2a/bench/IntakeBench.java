package dev.c2a.bench;

import dev.c2a.C2a;
import dev.c2a.api.JobRequest;
import dev.c2a.intake.BrokerKit;
import dev.c2a.service.Service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * (k) Broker to job to result event, per broker (each started by its project script), with the
 * no-op engine on two workers and the SQLite ledger at durability {@code process}: messages per
 * second from the first publish until every message is an accepted job, and until every result
 * event is on the broker; against the reference in the same script, the same jobs sent as one
 * {@code POST /v1/jobs/batch} (through the facade) until all have succeeded. Then the time for
 * the intake lag to return to zero after a broker restart: messages published while the service is
 * paused, 5 s later the broker killed (SIGKILL) and started again, the service resumed; from the resume until
 * every message is a job (reconnect with backoff, then draining).
 */
record IntakeBench(int messages, Map<String, Supplier<BrokerKit>> brokers) implements Target {
    private static final Duration WAIT = Duration.ofMinutes(5);
    /** How long the messages wait at the broker before it is killed. */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    @Override
    public void run(Bench bench) throws Exception {
        bench.out().printf("(k) %,d messages through each broker to jobs and result events (no-op engine, 2 workers,"
                + " SQLite, durability process); reference: the same jobs as one batch over the facade%n", messages);
        double reference = reference(bench);
        bench.out().printf("    reference: %,d jobs submitted as one batch to all succeeded: %.0f jobs/s%n", messages,
                messages / reference);
        for (Map.Entry<String, Supplier<BrokerKit>> broker : brokers.entrySet()) {
            BrokerKit kit = broker.getValue().get();
            try (BrokerKit.Channel channel = kit.newChannel()) {
                Service service = service(bench, channel, "k-" + broker.getKey());
                try (service) {
                    await(() -> service.status().intake().getFirst().connected());
                    long start = System.nanoTime();
                    channel.publish(messages(0, messages));
                    double published = seconds(start);
                    await(() -> jobs(service) >= messages);
                    double accepted = seconds(start);
                    channel.results(messages, WAIT);
                    double events = seconds(start);
                    bench.out().printf("    %-8s publish %.1f s; to accepted jobs %.0f msg/s; to result events %.0f msg/s"
                                    + " (%.2f× the reference)%n", broker.getKey(), published, messages / accepted,
                            messages / events, reference / events);
                }
            }
            try (BrokerKit.Own own = kit.own(); BrokerKit.Channel channel = own.newChannel()) {
                Service service = service(bench, channel, "k-" + broker.getKey() + "-restart");
                try (service) {
                    await(() -> service.status().intake().getFirst().connected());
                    service.pause();
                    int n = messages / 5;
                    channel.publish(messages(0, n));
                    // the messages have been confirmed; 5 s is how long they wait at the broker before its crash
                    Thread.sleep(SETTLE.toMillis());
                    own.kill();
                    own.start();
                    long start = System.nanoTime();
                    service.resume();
                    await(() -> jobs(service) >= n);
                    bench.out().printf("    %-8s broker killed and restarted with %,d messages waiting: intake lag back"
                            + " to zero %.1f s after the resume%n", broker.getKey(), n, seconds(start));
                }
            }
        }
        bench.out().println();
    }

    private double reference(Bench bench) {
        try (Service service = C2a.builder().dataDir(bench.scratch("k-reference")).workers(2).engine("noop").open()) {
            List<JobRequest> requests = new ArrayList<>(messages);
            for (int i = 0; i < messages; i++) {
                requests.add(JobRequest.ofText("Message number " + i + "."));
            }
            long start = System.nanoTime();
            service.submitAll(requests);
            await(() -> service.status().jobs().getOrDefault("succeeded", 0L) >= messages);
            return seconds(start);
        }
    }

    private static Service service(Bench bench, BrokerKit.Channel channel, String name) {
        C2a.Builder b = C2a.builder().dataDir(bench.scratch(name)).workers(2).engine("noop");
        channel.settings().forEach((k, v) -> b.set("intake.bench." + k, v));
        return b.open();
    }

    private static long jobs(Service service) {
        return service.status().jobs().values().stream().mapToLong(Long::longValue).sum();
    }

    private static List<BrokerKit.Message> messages(int from, int count) {
        List<BrokerKit.Message> out = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            out.add(new BrokerKit.Message("m-" + i, ("{\"text\": \"Message number " + i + ".\"}")
                    .getBytes(StandardCharsets.UTF_8), Map.of()));
        }
        return out;
    }

    private static void await(Supplier<Boolean> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not done within " + WAIT);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
