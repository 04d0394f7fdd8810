package dev.c2a.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ./c2a bench}: the launcher runs this class on target/c2a.jar and target/c2a-bench.jar. */
@Command(name = "bench", description = "Run the benchmarks of BENCHMARKS.md on this machine and print the figures.")
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--only", split = ",", description = "targets to run: a,b,c,d,e,f,g,h,i,j,k,l,m (default: all)")
    List<String> only;

    @Option(names = "--work", description = "scratch directory (default ${DEFAULT-VALUE})", defaultValue = "bench-out")
    Path work;

    @Option(names = "--rounds", description = "rounds of (a), interleaved (default ${DEFAULT-VALUE})", defaultValue = "2")
    int rounds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    /** The targets by their letter in BENCHMARKS.md, in the order they run. */
    private Map<String, Target> targets() {
        Map<String, Target> targets = new LinkedHashMap<>();
        targets.put("a", new Throughput(500, rounds));
        targets.put("b", new QueueOverhead(10_000, List.of(2, 8, 16)));
        targets.put("c", new StartLatency(100));
        targets.put("d", new Memory(10_000, 1_000_000));
        targets.put("e", new StatusLatency(2_000, 1_000));
        targets.put("f", new Book(500_000, 20));
        targets.put("g", new Engines());
        targets.put("h", new Dashboards(500, 10, rounds * 2));
        targets.put("i", new SharedQueue(10_000, 8, 200));
        targets.put("j", new StoreBench(500_000, 20, 1));
        Map<String, java.util.function.Supplier<dev.c2a.intake.BrokerKit>> brokers = new LinkedHashMap<>();
        brokers.put("rabbitmq", dev.c2a.intake.RabbitMqKit::new);
        brokers.put("kafka", dev.c2a.intake.KafkaKit::new);
        brokers.put("redis", dev.c2a.intake.RedisKit::new);
        targets.put("k", new IntakeBench(5_000, brokers));
        targets.put("l", new ScaleOut(500, 4));
        targets.put("m", new ClusterFaults(10));
        return targets;
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Target> targets = targets();
        List<String> chosen = only == null ? List.copyOf(targets.keySet()) : only;
        for (String name : chosen) {
            if (!targets.containsKey(name)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--only: there is no target '" + name
                        + "'; the targets are " + String.join(",", targets.keySet()));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("c2a bench on %d cores, %s %s%n%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        try (Bench bench = new Bench(work.toAbsolutePath(), out)) {
            for (Map.Entry<String, Target> target : targets.entrySet()) {
                if (chosen.contains(target.getKey())) {
                    target.getValue().run(bench);
                }
            }
        }
        return 0;
    }
}
