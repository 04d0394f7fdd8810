package dev.c2a.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The keys of one named section of the configuration ({@code intake.<name>.<key>},
 * {@code engine.<name>.<key>}), read by what the section configures. Every reader names the full key
 * and where its value came from when the value is wrong, as the service's own settings do.
 */
public interface SectionKeys {

    /** The section's keys, without its {@code kind.name.} prefix. */
    Map<String, String> values();

    /** Where each key came from, for messages (the file, a flag). */
    Map<String, String> sources();

    /** The full key, as messages name it ({@code intake.orders.url}). */
    String key(String key);

    /** What the section configures, for "required for …" ({@code a kafka intake}, {@code engine piper}). */
    String what();

    /** Refuses keys the section's reader does not know, naming them and those it knows. */
    default void requireOnly(Set<String> known) {
        Set<String> unknown = new TreeSet<>(values().keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            String first = unknown.iterator().next();
            throw new InvalidSettingException("unknown setting " + key(first) + " " + from(first)
                    + "; " + what() + " knows: " + String.join(", ", new TreeSet<>(known)));
        }
    }

    default String text(String key) {
        String v = values().get(key);
        if (v == null || v.isBlank()) {
            throw new InvalidSettingException(key(key) + ": required for " + what() + " " + from(key));
        }
        return v.trim();
    }

    default String text(String key, String fallback) {
        String v = values().get(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    default int integer(String key, int fallback, int min, int max) {
        return number(key, fallback, min, max, Integer::parseInt, "a whole number");
    }

    default long longValue(String key, long fallback, long min, long max) {
        return number(key, fallback, min, max, Long::parseLong, "a whole number");
    }

    default double decimal(String key, double fallback, double min, double max) {
        return number(key, fallback, min, max, Double::parseDouble, "a number");
    }

    private <T extends Comparable<T>> T number(String key, T fallback, T min, T max, Function<String, T> parse,
                                               String expected) {
        String v = text(key, null);
        if (v == null) {
            return fallback;
        }
        T n;
        try {
            n = parse.apply(v);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key(key) + ": expected " + expected + ", got '" + v + "' " + from(key));
        }
        if (n.compareTo(min) < 0 || n.compareTo(max) > 0 || n instanceof Double d && d.isNaN()) {
            throw new InvalidSettingException(key(key) + ": must be between " + min + " and " + max + ", got " + v
                    + " " + from(key));
        }
        return n;
    }

    default Duration duration(String key, Duration fallback) {
        String v = text(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            Duration d = Durations.parse(v);
            if (d.isNegative()) {
                throw new IllegalArgumentException("must not be negative");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key(key) + ": " + e.getMessage() + " " + from(key));
        }
    }

    default boolean bool(String key, boolean fallback) {
        String v = text(key, null);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new InvalidSettingException(key(key) + ": expected true or false, got '" + v + "' "
                    + from(key));
        };
    }

    /** "(from …)": where {@code key} came from, else where the section's other keys did, else "default". */
    default String from(String key) {
        String source = sources().get(key);
        if (source == null) {
            source = sources().isEmpty() ? "default" : sources().values().iterator().next();
        }
        return "(from " + source + ")";
    }
}
