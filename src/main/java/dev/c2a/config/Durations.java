package dev.c2a.config;

import dev.c2a.codec.DurationText;

import java.time.Duration;

/** Parses "500ms", "30s", "5m", "2h", "7d" and ISO-8601 ("PT30S"), by {@link DurationText}'s grammar. */
public final class Durations {

    private Durations() {
    }

    public static Duration parse(String text) {
        return DurationText.parse(text);
    }

    public static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        return d.toSeconds() + "s";
    }
}
