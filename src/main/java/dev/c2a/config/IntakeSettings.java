package dev.c2a.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One intake adapter's settings, the keys {@code intake.<name>.<key>} of the configuration file
 * (or {@code --set intake.<name>.<key>=value}), read as {@link SectionKeys} reads every section.
 *
 * @param name   the adapter's name: letters, digits and dashes, the inbox's source
 * @param type   {@code rabbitmq}, {@code kafka} or {@code redis} (the key {@code type})
 * @param values the other keys, without the {@code intake.<name>.} prefix
 * @param sources where each key came from, for messages (the file, a flag)
 */
public record IntakeSettings(String name, String type, Map<String, String> values, Map<String, String> sources)
        implements SectionKeys {
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
    @Override
    public String key(String key) {
        return "intake." + name + "." + key;
    }

    @Override
    public String what() {
        return "a " + type + " intake";
    }

    /** Refuses keys the adapter does not know; {@code type} and {@code mode} are every intake's. */
    @Override
    public void requireOnly(Set<String> known) {
        Set<String> all = new TreeSet<>(known);
        all.add("type");
        all.add("mode");
        SectionKeys.super.requireOnly(all);
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
}
