package dev.c2a.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

@Command(name = "jobs", description = "List jobs, newest first.")
final class JobsCommand extends ClientCommand {
    @Option(names = "--state", description = "queued, running, succeeded, failed or cancelled")
    String state;

    @Option(names = "--limit", defaultValue = "20", description = "jobs per page (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--cursor", description = "the page after this cursor")
    String cursor;

    @Override
    int run(ApiClient api) {
        StringBuilder q = new StringBuilder("/v1/jobs?limit=").append(limit);
        if (state != null) {
            q.append("&state=").append(URLEncoder.encode(state, StandardCharsets.UTF_8));
        }
        if (cursor != null) {
            q.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        }
        print(api.get(q.toString()), page -> Views.jobs(out(), page));
        return ExitCodes.OK;
    }
}
