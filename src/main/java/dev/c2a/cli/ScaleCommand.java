package dev.c2a.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Map;

@Command(name = "scale", description = "Set the number of workers. Shrinking never interrupts a job.")
final class ScaleCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "N", description = "worker count")
    int count;

    @Override
    int run(ApiClient api) {
        print(api.put("/v1/service/workers", Map.of("count", count)), s -> out().println("workers: "
                + s.path("workers").path("desired").asInt() + " desired, " + s.path("workers").path("alive").asInt()
                + " alive"));
        return ExitCodes.OK;
    }
}
