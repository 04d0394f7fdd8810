package dev.c2a.cli;

import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.api.ServiceStatus;
import dev.c2a.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", description = "Run the service: HTTP API and workers. SIGTERM drains, then exits.")
final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ServerOptions options;

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = options.load(System.getenv());
        C2aServer server = C2a.builder().settings(settings).start();
        ServiceStatus s = server.status();
        spec.commandLine().getErr().printf("c2a %s serving %s (engines %s, %d workers %s, data %s, durability %s,"
                        + " store %s)%n", s.version(), server.url(), s.engines().stream().map(e -> e.name() + " "
                        + e.version()).collect(java.util.stream.Collectors.joining(", ")), s.workers().desired(),
                s.state(), s.dataDir(), s.queue().durability(), s.storage().location());
        for (ServiceStatus.Intake i : s.intake()) {
            spec.commandLine().getErr().printf("c2a intake %s: %s, %s%n", i.name(), i.type(), i.mode());
        }
        spec.commandLine().getErr().flush();
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            closed.countDown();
        }, "c2a-shutdown"));
        closed.await();
        return ExitCodes.OK;
    }
}
