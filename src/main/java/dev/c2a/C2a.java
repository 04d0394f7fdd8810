package dev.c2a;

import dev.c2a.config.Sections;
import dev.c2a.config.Setting;
import dev.c2a.config.Settings;
import dev.c2a.config.SettingsLoader;
import dev.c2a.queue.JobQueue;
import dev.c2a.service.Service;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.store.ObjectStore;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs c2a inside another program:
 * <pre>{@code
 * try (C2aServer c2a = C2a.builder().dataDir(dir).workers(2).port(0).start()) {
 *     var job = c2a.service().submit(JobRequest.ofText("Hello."));
 * }
 * }</pre>
 * Settings not given here take their defaults; the environment is not read. Instead of what the
 * settings would build, an embedder (or a test) can pass its own queue, engines, audio store and
 * clock; c2a then owns them and closes them when it closes.
 */
public final class C2a {
    private C2a() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Map<Setting, String> values = new EnumMap<>(Setting.class);
        private final Map<String, String> sections = new java.util.TreeMap<>();
        private Settings settings;
        private JobQueue queue;
        private List<SpeechEngine> engines;
        private ObjectStore store;
        private InstantSource clock;

        private Builder() {
        }

        public Builder dataDir(Path dir) {
            return set(Setting.DATA, dir.toString());
        }

        public Builder host(String host) {
            return set(Setting.HOST, host);
        }

        public Builder port(int port) {
            return set(Setting.PORT, Integer.toString(port));
        }

        public Builder workers(int workers) {
            return set(Setting.WORKERS, Integer.toString(workers));
        }

        /** The {@code engine} setting: built-in engine names or class names, by preference. */
        public Builder engine(String engine) {
            return set(Setting.ENGINE, engine);
        }

        /**
         * Any setting by its key, as in the configuration file ({@code lease}, {@code durability}, …,
         * and the sections' {@code intake.<name>.<key>}, {@code webhook.<name>.<key>},
         * {@code token.<name>.<key>} and {@code engine.<name>.<key>}).
         */
        public Builder set(String key, String value) {
            if (Sections.isSectionKey(key)) {
                if (settings != null) {
                    throw new IllegalStateException("settings were given whole; set " + key + " in them");
                }
                sections.put(key, value);
                return this;
            }
            return set(Setting.byKey(key).orElseThrow(() -> new IllegalArgumentException("unknown setting '" + key
                    + "'")), value);
        }

        private Builder set(Setting setting, String value) {
            if (settings != null) {
                throw new IllegalStateException("settings were given whole; set " + setting.key() + " in them");
            }
            values.put(setting, value);
            return this;
        }

        /** Settings loaded and validated already (the CLI's, from file, environment and flags). */
        public Builder settings(Settings validated) {
            if (!values.isEmpty() || !sections.isEmpty()) {
                throw new IllegalStateException("settings were set one by one already; give them whole or one by one");
            }
            this.settings = validated;
            return this;
        }

        /** The job queue to use instead of the SQLite file in the data directory. */
        public Builder queue(JobQueue queue) {
            this.queue = queue;
            return this;
        }

        /** The speech engines to use, by preference, instead of those the {@code engine} setting names. */
        public Builder engines(SpeechEngine... engines) {
            this.engines = List.of(engines);
            return this;
        }

        /** Where audio and checkpoints are stored instead of where the {@code store} setting says. */
        public Builder objectStore(ObjectStore store) {
            this.store = store;
            return this;
        }

        /** The clock for leases, retries and timestamps (tests pass one they move by hand). */
        public Builder clock(InstantSource clock) {
            this.clock = clock;
            return this;
        }

        /** Validates the settings, builds the service and starts its workers (if autostart); no HTTP. */
        public Service open() {
            return Wiring.service(settings(), new Wiring.Given(queue, engines, store, clock));
        }

        /** {@link #open()}, then HTTP on the configured host and port. */
        public C2aServer start() {
            return C2aServer.start(open());
        }

        private Settings settings() {
            return settings != null ? settings : SettingsLoader.load(null, Map.of(), values, sections);
        }
    }
}
