package dev.c2a.cli;

import picocli.CommandLine.Command;

/** start, pause and resume: one POST each, answered with the resulting status. */
@Command(description = "Change the service's state.")
final class ControlCommand extends ClientCommand {
    private final String action;

    ControlCommand(String action) {
        this.action = action;
    }

    @Override
    int run(ApiClient api) {
        print(api.post("/v1/service/" + action, null), s -> out().println("service " + s.path("state").asText()));
        return ExitCodes.OK;
    }
}
