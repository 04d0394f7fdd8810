package dev.c2a.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

@Command(name = "stop", description = "Stop the workers of every node: no new jobs; running ones get until the drain"
        + " deadline, then are released to the queue. Nodes that start later stay stopped until a start.")
final class ClusterStopCommand extends ClientCommand {
    @Option(names = "--drain", description = "time running jobs get to finish, e.g. 30s (default: the service's)")
    String drain;

    @Option(names = "--no-wait", description = "return at once instead of waiting until every node has stopped")
    boolean noWait;

    @Override
    int run(ApiClient api) {
        String query = drain == null ? "" : "?drain=" + URLEncoder.encode(drain, StandardCharsets.UTF_8);
        JsonNode c = api.post("/v1/cluster/stop" + query, null);
        // a node tells its state with its beats: only a beat after this request says whether it has stopped
        Map<String, String> beatBefore = new HashMap<>();
        for (JsonNode n : c.path("nodes")) {
            beatBefore.put(n.path("id").asText(), n.path("lastBeatAt").asText(""));
        }
        while (!noWait && !allStopped(c, beatBefore)) {
            Polling.pause();
            c = api.get("/v1/cluster");
        }
        print(c, x -> out().println("cluster stopped" + (noWait ? ": every node drains and stops"
                : ", " + alive(x) + " node(s) stopped")));
        return ExitCodes.OK;
    }

    private static boolean allStopped(JsonNode cluster, Map<String, String> beatBefore) {
        for (JsonNode n : cluster.path("nodes")) {
            boolean fresh = !n.path("lastBeatAt").asText("").equals(beatBefore.get(n.path("id").asText()));
            if (n.path("status").asText().equals("alive") && !(fresh && n.path("state").asText().equals("stopped"))) {
                return false;
            }
        }
        return true;
    }

    private static long alive(JsonNode cluster) {
        long alive = 0;
        for (JsonNode n : cluster.path("nodes")) {
            alive += n.path("status").asText().equals("alive") ? 1 : 0;
        }
        return alive;
    }
}
