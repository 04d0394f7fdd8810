package dev.c2a.job;

import java.time.Instant;
import java.util.regex.Pattern;

/** One failed attempt: what went wrong, the end of the engine's stderr, and when. */
public record JobError(int attempt, String message, String stderr, Instant at) {
    /** An absolute path of two or more parts; its last part (a file name) is kept. */
    private static final Pattern PATH = Pattern.compile("(?<![\\w.~:/-])/(?:[^\\s/'\":;,()]+/)+([^\\s/'\":;,()]*)");

    /**
     * An error as clients may read it: absolute server paths reduced to their file names. why:
     * errors are shown to whoever can read the job, and the layout of the server is none of theirs;
     * the log keeps the full text.
     */
    public static JobError forClients(int attempt, String message, String stderr, Instant at) {
        return new JobError(attempt, redact(message), redact(stderr), at);
    }

    static String redact(String text) {
        return text == null ? null : PATH.matcher(text).replaceAll("$1");
    }
}
