package dev.c2a.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** How the cluster looks to a person: its state, leader and jobs, each node with its workers, the audit log. */
final class ClusterViews {
    private ClusterViews() {
    }

    /** The cluster in a few lines and one row per node; {@code now} judges how old each beat is. */
    static void cluster(PrintWriter out, JsonNode c, Instant now) {
        out.printf("state     %s%n", c.hasNonNull("state") ? c.path("state").asText()
                : "not set: each node follows its own settings");
        JsonNode leader = c.path("leader");
        out.printf("leader    %s%n", leader.isObject() ? leader.path("node").asText() + " (term "
                + leader.path("term").asLong() + ", since " + leader.path("since").asText() + ")"
                : "none: no node runs the maintenance now");
        out.printf("jobs      %s%n", Views.pairs(c.path("jobs")));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NODE", "STATUS", "STATE", "BUSY/WORKERS", "URL", "LAST BEAT"});
        for (JsonNode n : c.path("nodes")) {
            rows.add(new String[] {n.path("id").asText() + (n.path("leader").asBoolean() ? " (leader)" : ""),
                    status(n), n.path("state").asText("-"), busy(n) + "/" + n.path("desiredWorkers").asInt(),
                    n.path("url").asText("-"), age(n.path("lastBeatAt"), now)});
        }
        Views.table(out, rows);
    }

    /** Each node on a line, with its engines and one line per worker under it. */
    static void nodes(PrintWriter out, JsonNode c, Instant now) {
        for (JsonNode n : c.path("nodes")) {
            out.printf("%s%s  %s  %s, %d of %d workers busy  %s  version %s, last beat %s%n", n.path("id").asText(),
                    n.path("leader").asBoolean() ? " (leader)" : "", status(n), n.path("state").asText("-"), busy(n),
                    n.path("desiredWorkers").asInt(), n.path("url").asText("-"), n.path("version").asText("-"),
                    age(n.path("lastBeatAt"), now));
            List<String> engines = new ArrayList<>();
            for (JsonNode e : n.path("engines")) {
                engines.add(e.path("name").asText() + (e.path("available").asBoolean(true) ? ""
                        : " UNAVAILABLE: " + e.path("detail").asText()));
            }
            if (!engines.isEmpty()) {
                out.printf("  engines  %s%n", String.join(", ", engines));
            }
            List<String[]> rows = new ArrayList<>();
            for (JsonNode w : n.path("workers")) {
                JsonNode p = w.path("progress");
                rows.add(new String[] {"  " + w.path("id").asText(), w.path("state").asText(),
                        w.path("jobId").asText(""), w.path("stage").asText(""),
                        p.isObject() ? p.path("done").asInt() + "/" + p.path("total").asInt() : "",
                        w.path("busySince").asText("")});
            }
            Views.table(out, rows);
        }
    }

    static void audit(PrintWriter out, JsonNode page) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "AT", "ACTOR", "ROLE", "ORIGIN", "ACTION", "SCOPE", "DETAIL"});
        for (JsonNode e : page.path("entries")) {
            rows.add(new String[] {e.path("id").asText(), e.path("at").asText(), e.path("actor").asText(),
                    e.path("role").asText(), e.path("origin").asText(""), e.path("action").asText(),
                    e.path("scope").asText(), e.path("detail").asText("")});
        }
        Views.table(out, rows);
        if (!page.path("next").asText("").isEmpty()) {
            out.printf("more: --before %s%n", page.path("next").asText());
        }
    }

    /** A lost node in capitals: its jobs are going to other nodes. */
    private static String status(JsonNode node) {
        String status = node.path("status").asText();
        return status.equals("lost") ? "LOST" : status;
    }

    private static long busy(JsonNode node) {
        long busy = 0;
        for (JsonNode w : node.path("workers")) {
            busy += w.hasNonNull("jobId") ? 1 : 0;
        }
        return busy;
    }

    private static String age(JsonNode at, Instant now) {
        if (!at.isTextual()) {
            return "-";
        }
        long seconds = Math.max(0, Duration.between(Instant.parse(at.asText()), now).toSeconds());
        return Views.seconds(seconds) + " ago";
    }
}
