package dev.c2a.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/** Merges defaults, a properties file, {@code C2A_*} environment variables and flags; later wins. */
public final class SettingsLoader {
    private SettingsLoader() {
    }

    /**
     * @param file  a properties file ({@code key = value}), or null
     * @param env   the environment (tests pass their own)
     * @param flags values given on the command line, by setting
     */
    public static Settings load(Path file, Map<String, String> env, Map<Setting, String> flags) {
        return load(file, env, flags, Map.of());
    }

    /**
     * @param sectionFlags keys of sections ({@code intake.<name>.<key>}, {@code webhook.<name>.<key>},
     *                     {@code token.<name>.<key>}, {@code engine.<name>.<key>})
     *                     given besides the file's; these win over the file's
     */
    public static Settings load(Path file, Map<String, String> env, Map<Setting, String> flags,
                                Map<String, String> sectionFlags) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        Map<String, String> sections = new java.util.TreeMap<>();
        Map<String, String> sectionSources = new java.util.TreeMap<>();
        Map<Setting, String> sources = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            if (s.defaultValue() != null) {
                values.put(s, s.defaultValue());
            }
        }
        if (file != null) {
            readFile(file).forEach((k, v) -> {
                if (Sections.isSectionKey(k)) {
                    sections.put(k, v);
                    sectionSources.put(k, file.toString());
                    return;
                }
                Setting s = Setting.byKey(k).orElseThrow(() -> new InvalidSettingException(
                        "unknown setting '" + k + "' in " + file + "; known: " + known()
                                + ", and the sections intake.<name>.<key>, webhook.<name>.<key>, token.<name>.<key> and"
                                + " engine.<name>.<key>"));
                values.put(s, v);
                sources.put(s, file.toString());
            });
        }
        for (Setting s : Setting.values()) {
            String v = env.get(s.env());
            if (v != null) {
                values.put(s, v);
                sources.put(s, "environment " + s.env());
            }
        }
        flags.forEach((s, v) -> {
            if (v != null) {
                values.put(s, v);
                sources.put(s, "flag --" + s.key());
            }
        });
        sectionFlags.forEach((k, v) -> {
            if (!Sections.isSectionKey(k)) {
                throw new InvalidSettingException("unknown setting '" + k + "'; sections are intake.<name>.<key>,"
                        + " webhook.<name>.<key>, token.<name>.<key> and engine.<name>.<key>");
            }
            sections.put(k, v);
            sectionSources.put(k, "flag --set " + k);
        });
        return Settings.from(values, sources, Sections.read(sections, sectionSources));
    }

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new InvalidSettingException("config: cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> m = new java.util.TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k.trim(), p.getProperty(k).trim()));
        return m;
    }

    private static String known() {
        StringBuilder b = new StringBuilder();
        for (Setting s : Setting.values()) {
            b.append(b.isEmpty() ? "" : ", ").append(s.key());
        }
        return b.toString();
    }
}
