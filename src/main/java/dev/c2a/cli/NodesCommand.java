package dev.c2a.cli;

import picocli.CommandLine.Command;

import java.time.Instant;

@Command(name = "nodes", description = "Show every node of the cluster with its engines and what each of its workers"
        + " does (job, stage, progress).")
final class NodesCommand extends ClientCommand {
    @Override
    int run(ApiClient api) {
        print(api.get("/v1/cluster"), c -> ClusterViews.nodes(out(), c, Instant.now()));
        return ExitCodes.OK;
    }
}
