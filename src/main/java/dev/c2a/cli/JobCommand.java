package dev.c2a.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** job, cancel, retry and delete: one job by id, shown after the call (delete says it is gone). */
@Command(description = "Act on one job.")
final class JobCommand extends ClientCommand {
    private final String action;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    JobCommand(String action) {
        this.action = action;
    }

    @Override
    int run(ApiClient api) {
        String path = "/v1/jobs/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
        if (action.equals("delete")) {
            api.delete(path);
            out().println("deleted " + id);
            return ExitCodes.OK;
        }
        var job = switch (action) {
            case "cancel" -> api.post(path + "/cancel", null);
            case "retry" -> api.post(path + "/retry", null);
            default -> api.get(path);
        };
        print(job, j -> Views.job(out(), j));
        return ExitCodes.OK;
    }
}
