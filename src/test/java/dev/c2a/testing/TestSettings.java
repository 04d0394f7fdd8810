package dev.c2a.testing;

import dev.c2a.config.Sections;
import dev.c2a.config.Setting;
import dev.c2a.config.Settings;
import dev.c2a.config.SettingsLoader;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Settings for a service in a test: its own data directory, port 0, espeak-ng, workers stopped unless
 * asked; keys of sections ({@code engine.piper.voices}) as well as settings.
 */
public final class TestSettings {
    private TestSettings() {
    }

    public static Settings of(Path dataDir, String... keyValues) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.DATA, dataDir.toString());
        flags.put(Setting.PORT, "0");
        flags.put(Setting.WORKERS, "2");
        flags.put(Setting.AUTOSTART, "false");
        // one engine unless a test asks for more: most tests are about something else than routing
        flags.put(Setting.ENGINE, "espeak-ng");
        Map<String, String> sections = new java.util.TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (Sections.isSectionKey(keyValues[i])) {
                sections.put(keyValues[i], keyValues[i + 1]);
            } else {
                flags.put(Setting.byKey(keyValues[i]).orElseThrow(), keyValues[i + 1]);
            }
        }
        return SettingsLoader.load(null, Map.of(), flags, sections);
    }
}
