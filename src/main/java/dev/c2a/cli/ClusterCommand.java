package dev.c2a.cli;

import picocli.CommandLine.Command;

import java.time.Instant;

@Command(name = "cluster", description = "Show every node sharing the service's database: the cluster's state, its"
        + " leader, the jobs, and a row per node. With start, pause, resume or stop, act on every node.")
final class ClusterCommand extends ClientCommand {
    @Override
    int run(ApiClient api) {
        print(api.get("/v1/cluster"), c -> ClusterViews.cluster(out(), c, Instant.now()));
        return ExitCodes.OK;
    }
}
