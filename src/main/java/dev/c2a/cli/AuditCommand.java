package dev.c2a.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", description = "List the changes of desired state (run, pause, stop, workers), newest first:"
        + " who, with which role, from where, on what. Needs an admin token.")
final class AuditCommand extends ClientCommand {
    @Option(names = "--limit", defaultValue = "20", description = "entries per page (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--before", description = "the page of entries older than this id")
    Long before;

    @Override
    int run(ApiClient api) {
        print(api.get("/v1/audit?limit=" + limit + (before == null ? "" : "&before=" + before)),
                page -> ClusterViews.audit(out(), page));
        return ExitCodes.OK;
    }
}
