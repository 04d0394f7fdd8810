package dev.c2a.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "stop", description = "Stop the workers: no new jobs; running ones get until the drain deadline, "
        + "then are released to the queue. The HTTP server stays up.")
final class StopCommand extends ClientCommand {
    @Option(names = "--drain", description = "time running jobs get to finish, e.g. 30s (default: the service's)")
    String drain;

    @Option(names = "--no-wait", description = "return at once instead of waiting until stopped")
    boolean noWait;

    @Override
    int run(ApiClient api) {
        String query = drain == null ? "" : "?drain=" + java.net.URLEncoder.encode(drain, java.nio.charset.StandardCharsets.UTF_8);
        JsonNode s = api.post("/v1/service/stop" + query, null);
        while (!noWait && !"stopped".equals(s.path("state").asText())) {
            Polling.pause();
            s = api.get("/v1/service");
        }
        print(s, x -> out().println("service " + x.path("state").asText() + ", released "
                + x.path("counters").path("released").asLong() + " job(s) so far"));
        return ExitCodes.OK;
    }
}
