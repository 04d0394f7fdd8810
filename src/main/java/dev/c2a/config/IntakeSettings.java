package dev.c2a.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One intake adapter's settings, the keys {@code intake.<name>.<key>} of the configuration file
 * (or {@code --set intake.<name>.<key>=value}). Every reader names the full key and where its value
 * came from when the value is wrong, as the service's own settings do.
 *
 * @param name   the adapter's name: letters, digits and dashes, the inbox's source
 * @param type   {@code rabbitmq}, {@code kafka} or {@code redis} (the key {@code type})
 * @param values the other keys, without the {@code intake.<name>.} prefix
 * @param sources where each key came from, for messages (the file, a flag)
 */
public record IntakeSettings(String name, String type, Map<String, String> values, Map<String, String> sources) {
    /** Acknowledge once the job is durable (the default), or hold the delivery until its result is. */
    public enum Mode {
        ON_ACCEPT, ON_RESULT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public IntakeSettings {
        values = Map.copyOf(new TreeMap<>(values));
        sources = Map.copyOf(sources);
    }

    /** {@code intake.<name>.<key>}, as messages name it. */
    public String key(String key) {
        return "intake." + name + "." + key;
    }

    /** Refuses keys the adapter does not know, naming them and those it knows. */
    public void requireOnly(Set<String> known) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(known);
        unknown.remove("mode");
        if (!unknown.isEmpty()) {
            String first = unknown.iterator().next();
            throw new InvalidSettingException("unknown setting " + key(first) + " " + from(first)
                    + "; a " + type + " intake knows: type, mode, " + String.join(", ", new TreeSet<>(known)));
        }
    }

    public String text(String key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new InvalidSettingException(key(key) + ": required for a " + type + " intake " + from("type"));
        }
        return v.trim();
    }

    public String text(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    public int integer(String key, int fallback, int min, int max) {
        return number(key, fallback, min, max, Integer::parseInt);
    }

    public long longValue(String key, long fallback, long min, long max) {
        return number(key, fallback, min, max, Long::parseLong);
    }

    private <T extends Comparable<T>> T number(String key, T fallback, T min, T max, Function<String, T> parse) {
        String v = text(key, null);
        if (v == null) {
            return fallback;
        }
        T n;
        try {
            n = parse.apply(v);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key(key) + ": expected a whole number, got '" + v + "' " + from(key));
        }
        if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
            throw new InvalidSettingException(key(key) + ": must be between " + min + " and " + max + ", got " + v
                    + " " + from(key));
        }
        return n;
    }

    public Duration duration(String key, Duration fallback) {
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

    public boolean bool(String key, boolean fallback) {
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

    /** {@code on-accept} unless {@code mode} says {@code on-result}. */
    public Mode mode() {
        String v = text("mode", "on-accept");
        for (Mode m : Mode.values()) {
            if (m.wireName().equals(v)) {
                return m;
            }
        }
        throw new InvalidSettingException(key("mode") + ": expected on-accept or on-result, got '" + v + "' "
                + from("mode"));
    }

    private String from(String key) {
        return "(from " + sources.getOrDefault(key, "default") + ")";
    }
}
