package dev.c2a.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

@Command(name = "scale", description = "Set the number of workers of this node, or of any node of the cluster with"
        + " --node. Shrinking never interrupts a job.")
final class ScaleCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "N", description = "worker count")
    int count;

    @Option(names = "--node", paramLabel = "ID", description = "the node to scale (see c2a cluster); default: the one"
            + " at --url")
    String node;

    @Override
    int run(ApiClient api) {
        if (node != null) {
            // the node takes the count within a second; its row in c2a cluster shows it from its next beat
            print(api.put("/v1/cluster/nodes/" + URLEncoder.encode(node, StandardCharsets.UTF_8) + "/workers",
                    Map.of("count", count)), c -> out().println("node " + node + ": " + count + " workers desired"));
            return ExitCodes.OK;
        }
        print(api.put("/v1/service/workers", Map.of("count", count)), s -> out().println("workers: "
                + s.path("workers").path("desired").asInt() + " desired, " + s.path("workers").path("alive").asInt()
                + " alive"));
        return ExitCodes.OK;
    }
}
