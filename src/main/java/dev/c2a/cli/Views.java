package dev.c2a.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** How status and jobs look to a person. */
final class Views {
    private Views() {
    }

    static void status(PrintWriter out, JsonNode s) {
        out.printf("state     %s since %s (uptime %s)%n", s.path("state").asText(), s.path("since").asText(),
                seconds(s.path("uptimeSeconds").asLong()));
        JsonNode w = s.path("workers");
        out.printf("workers   %d desired, %d alive, %d busy%n", w.path("desired").asInt(), w.path("alive").asInt(),
                w.path("busy").asInt());
        List<String[]> rows = new ArrayList<>();
        for (JsonNode x : w.path("list")) {
            JsonNode p = x.path("progress");
            rows.add(new String[] {"  " + x.path("id").asText(), x.path("state").asText(),
                    x.path("jobId").asText(""), x.path("stage").asText(""),
                    p.isMissingNode() || p.isNull() ? "" : p.path("done").asInt() + "/" + p.path("total").asInt(),
                    x.path("busySince").asText("")});
        }
        table(out, rows);
        JsonNode q = s.path("queue");
        if (q.path("available").asBoolean()) {
            out.printf("jobs      %s%n", pairs(s.path("jobs")));
        } else {
            out.printf("jobs      unknown: the queue does not answer (%s)%n", q.path("error").asText());
        }
        out.printf("counters  %s%n", pairs(s.path("counters")));
        out.printf("queue     %s, durability %s%n", q.path("backend").asText(), q.path("durability").asText());
        JsonNode st = s.path("storage");
        if (!st.isMissingNode()) {
            out.printf("store     %s%s%n", st.path("location").asText(), st.path("available").asBoolean(true) ? ""
                    : "  UNAVAILABLE since " + st.path("since").asText() + ": " + st.path("error").asText());
            out.printf("disk      %,d MiB free (min-free-disk %,d MiB)%s%n", st.path("freeDiskBytes").asLong() >> 20,
                    st.path("minFreeDiskBytes").asLong() >> 20, st.path("diskLow").asBoolean()
                            ? "  LOW: claiming nothing, refusing submissions" : "");
        }
        for (JsonNode i : s.path("intake")) {
            out.printf("intake    %s (%s, %s) %s, lag %s, %d accepted, %d duplicates, %d dead-lettered, %d results%s%n",
                    i.path("name").asText(), i.path("type").asText(), i.path("mode").asText(),
                    !i.path("connected").asBoolean() ? "DISCONNECTED" : i.path("consuming").asBoolean() ? "consuming"
                            : "connected, not consuming", i.path("lag").asLong() < 0 ? "unknown" : i.path("lag").asText(),
                    i.path("accepted").asLong(), i.path("duplicates").asLong(), i.path("deadLettered").asLong(),
                    i.path("published").asLong(), i.hasNonNull("lastError") ? "  last error " + i.path("lastErrorAt")
                            .asText() + ": " + i.path("lastError").asText() : "");
        }
        if (s.path("outbox").isObject()) {
            out.printf("outbox    %s%n", pairs(s.path("outbox")));
        }
        for (JsonNode e : s.path("engines")) {
            out.printf("engine    %s %s%s%n", e.path("name").asText(), e.path("version").asText(),
                    e.path("available").asBoolean(true) ? "" : "  UNAVAILABLE: " + e.path("detail").asText());
        }
        out.printf("version   %s, data %s%n", s.path("version").asText(), s.path("dataDir").asText());
    }

    static void job(PrintWriter out, JsonNode j) {
        out.printf("job        %s%n", j.path("id").asText());
        out.printf("state      %s (attempt %d of %d)%n", j.path("state").asText(), j.path("attempts").asInt(),
                j.path("maxAttempts").asInt());
        out.printf("voice      %s, format %s, speed %s%s%n", j.path("voice").asText(), j.path("format").asText(),
                j.path("speed").asText(), j.path("ssml").asBoolean() ? ", ssml" : "");
        out.printf("text       %d characters: %s%n", j.path("textLength").asInt(), j.path("textPreview").asText(""));
        out.printf("progress   %d/%d segments%n", j.path("progress").path("done").asInt(),
                j.path("progress").path("total").asInt());
        out.printf("queued     %s%n", j.path("queuedAt").asText(""));
        if (j.hasNonNull("startedAt")) {
            out.printf("started    %s%n", j.path("startedAt").asText());
        }
        if (j.hasNonNull("finishedAt")) {
            out.printf("finished   %s%n", j.path("finishedAt").asText());
        }
        if (j.hasNonNull("result")) {
            JsonNode r = j.path("result");
            out.printf("audio      %s (%.2f s, %d bytes, %d Hz %s)%n", r.path("audioUrl").asText(),
                    r.path("durationSeconds").asDouble(), r.path("bytes").asLong(), r.path("sampleRate").asInt(),
                    r.path("format").asText());
        }
        for (JsonNode e : j.path("errors")) {
            out.printf("error      attempt %d: %s%n", e.path("attempt").asInt(), e.path("message").asText());
            if (e.hasNonNull("stderr") && !e.path("stderr").asText().isBlank()) {
                out.printf("           stderr: %s%n", e.path("stderr").asText().replace("\n", "\n           "));
            }
        }
    }

    static void jobs(PrintWriter out, JsonNode page) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "STATE", "ATTEMPTS", "VOICE", "CHARS", "PROGRESS", "QUEUED"});
        for (JsonNode j : page.path("jobs")) {
            rows.add(new String[] {j.path("id").asText(), j.path("state").asText(), j.path("attempts").asText(),
                    j.path("voice").asText(), j.path("textLength").asText(),
                    j.path("progress").path("done").asInt() + "/" + j.path("progress").path("total").asInt(),
                    j.path("queuedAt").asText()});
        }
        table(out, rows);
        if (page.hasNonNull("nextCursor")) {
            out.printf("more: --cursor %s%n", page.path("nextCursor").asText());
        }
    }

    static void table(PrintWriter out, List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                b.append(i == r.length - 1 ? r[i] : String.format("%-" + (width[i] + 2) + "s", r[i]));
            }
            out.println(b.toString().stripTrailing());
        }
    }

    static String pairs(JsonNode object) {
        StringBuilder b = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            b.append(b.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue().asText());
        }
        return b.toString();
    }

    static String seconds(long s) {
        return s >= 3600 ? s / 3600 + "h " + s % 3600 / 60 + "m" : s >= 60 ? s / 60 + "m " + s % 60 + "s" : s + "s";
    }
}
