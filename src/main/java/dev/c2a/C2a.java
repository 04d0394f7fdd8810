package dev.c2a;

import dev.c2a.config.Setting;
import dev.c2a.config.SettingsLoader;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Runs c2a inside another program:
 * <pre>{@code
 * try (C2aServer c2a = C2a.builder().dataDir(dir).workers(2).port(0).start()) {
 *     var job = c2a.service().submit(JobRequest.ofText("Hello."));
 * }
 * }</pre>
 * Settings not given here take their defaults; the environment is not read.
 */
public final class C2a {
    private C2a() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Map<Setting, String> values = new EnumMap<>(Setting.class);

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

        public Builder engine(String engine) {
            return set(Setting.ENGINE, engine);
        }

        /** Any setting by its key, as in the configuration file ({@code lease}, {@code durability}, …). */
        public Builder set(String key, String value) {
            return set(Setting.byKey(key).orElseThrow(() -> new IllegalArgumentException("unknown setting '" + key
                    + "'")), value);
        }

        private Builder set(Setting setting, String value) {
            values.put(setting, value);
            return this;
        }

        /** Validates the settings, opens the queue and the engine, and starts HTTP and the workers. */
        public C2aServer start() {
            return C2aServer.start(SettingsLoader.load(null, Map.of(), values));
        }
    }
}
