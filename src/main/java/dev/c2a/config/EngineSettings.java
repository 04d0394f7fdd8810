package dev.c2a.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * One speech engine's own settings, the keys {@code engine.<name>.<key>} of the configuration file
 * (or {@code --set engine.piper.voices=/srv/voices}). The engine's provider reads and checks them
 * ({@link SectionKeys}), so their errors name the key and where it was set.
 *
 * @param name    the engine's name, as {@code engine} names it
 * @param values  its keys, without the {@code engine.<name>.} prefix
 * @param sources where each key came from
 */
public record EngineSettings(String name, Map<String, String> values, Map<String, String> sources)
        implements SectionKeys {

    public EngineSettings {
        values = Map.copyOf(new TreeMap<>(values));
        sources = Map.copyOf(sources);
    }

    /** No keys: the engine runs on its defaults. */
    public static EngineSettings none(String name) {
        return new EngineSettings(name, Map.of(), Map.of());
    }

    @Override
    public String key(String key) {
        return "engine." + name + "." + key;
    }

    @Override
    public String what() {
        return "engine " + name;
    }
}
