package dev.c2a.cli;

import picocli.CommandLine.Command;

/**
 * start, pause and resume, of this node ({@code /v1/service}) or of every node ({@code /v1/cluster}):
 * one POST each, answered with the resulting state.
 */
@Command
final class ControlCommand extends ClientCommand {
    private final String scope;
    private final String action;

    /** {@code scope} is {@code service} or {@code cluster}. */
    ControlCommand(String scope, String action) {
        this.scope = scope;
        this.action = action;
    }

    @Override
    int run(ApiClient api) {
        print(api.post("/v1/" + scope + "/" + action, null),
                s -> out().println(scope + " " + s.path("state").asText()));
        return ExitCodes.OK;
    }
}
