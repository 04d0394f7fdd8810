package dev.c2a.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;

/** Waiting for a job to end, and fetching its audio: shared by submit and say. */
final class JobWait {
    private static final Set<String> FINAL = Set.of("succeeded", "failed", "cancelled");

    private JobWait() {
    }

    static JsonNode untilFinal(ApiClient api, String id) {
        JsonNode job = api.get("/v1/jobs/" + id);
        while (!FINAL.contains(job.path("state").asText())) {
            Polling.pause();
            job = api.get("/v1/jobs/" + id);
        }
        return job;
    }

    /** Exit code for an ended job; downloads its audio to {@code out} when it succeeded and out is set. */
    static int finish(ApiClient api, JsonNode job, Path out, PrintWriter err) {
        String state = job.path("state").asText();
        if (!"succeeded".equals(state)) {
            JsonNode e = job.path("error");
            err.println("c2a: job " + job.path("id").asText() + " " + state
                    + (e.isMissingNode() ? "" : ": " + e.path("message").asText()));
            return ExitCodes.JOB_FAILED;
        }
        if (out != null) {
            api.download("/v1/jobs/" + job.path("id").asText() + "/audio", out);
        }
        return ExitCodes.OK;
    }
}
