package dev.c2a.cli;

import picocli.CommandLine.Command;

@Command(name = "status", description = "Show the service's state, workers and job counts.")
final class StatusCommand extends ClientCommand {
    @Override
    int run(ApiClient api) {
        print(api.get("/v1/service"), s -> Views.status(out(), s));
        return ExitCodes.OK;
    }
}
