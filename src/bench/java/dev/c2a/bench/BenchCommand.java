package dev.c2a.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./c2a bench}: the launcher runs this class on target/c2a.jar and target/c2a-bench.jar. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the benchmarks of BENCHMARKS.md on this machine and print the figures.")
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--only", split = ",", description = "targets to run: a,b,c,d,e,f,g,h (default: all)")
    List<String> only = List.of("a", "b", "c", "d", "e", "f", "g", "h");

    @Option(names = "--work", description = "scratch directory (default ${DEFAULT-VALUE})", defaultValue = "bench-out")
    Path work;

    @Option(names = "--rounds", description = "rounds of (a), interleaved (default ${DEFAULT-VALUE})", defaultValue = "2")
    int rounds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try (Bench bench = new Bench(work.toAbsolutePath(), spec.commandLine().getOut())) {
            run(bench);
        }
        return 0;
    }

    private void run(Bench bench) throws Exception {
        spec.commandLine().getOut().printf("c2a bench on %d cores, %s %s%n%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        if (only.contains("a")) {
            bench.throughput(500, rounds);
        }
        if (only.contains("b")) {
            bench.queueOverhead(10_000, 2);
            bench.queueOverhead(10_000, 8);
            bench.queueOverhead(10_000, 16);
        }
        if (only.contains("c")) {
            bench.startLatency(100);
        }
        if (only.contains("d")) {
            bench.heap(10_000, 1_000_000);
        }
        if (only.contains("e")) {
            bench.statusLatency(2_000, 1_000);
        }
        if (only.contains("f")) {
            bench.book(500_000, 20);
        }
        if (only.contains("g")) {
            bench.engines();
        }
        if (only.contains("h")) {
            bench.dashboards(500, 10, rounds * 2);
        }
    }
}
