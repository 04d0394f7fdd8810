package dev.c2a.cli;

import dev.c2a.config.Sections;
import dev.c2a.config.Setting;
import dev.c2a.config.Settings;
import dev.c2a.config.SettingsLoader;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** The flags of serve and config; they win over the environment, which wins over the file. */
final class ServerOptions {
    @Option(names = "--config", description = "properties file (key = value); env C2A_CONFIG")
    Path config;

    @Option(names = "--host", description = "bind address (default 127.0.0.1)")
    String host;

    @Option(names = "--port", description = "HTTP port (default 8080; 0 picks a free one)")
    String port;

    @Option(names = "--data", description = "data directory (default ./data)")
    String data;

    @Option(names = "--workers", description = "worker threads (default: number of cores)")
    String workers;

    @Option(names = "--engine", description = "engines by preference, comma-separated: auto (default), espeak-ng, flite, remote,"
            + " marytts, noop, or a SpeechEngine class name")
    String engine;

    @Option(names = "--durability", description = "process (default) or fsync")
    String durability;

    @Option(names = "--api-token", description = "require this bearer token on /v1 (env C2A_API_TOKEN)")
    String apiToken;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "any other setting, e.g. --set lease=10s, or a"
            + " section's key, e.g. --set intake.orders.type=rabbitmq")
    Map<String, String> other = Map.of();

    Settings load(Map<String, String> env) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        Map<String, String> sections = new java.util.TreeMap<>();
        other.forEach((k, v) -> {
            if (Sections.isSectionKey(k)) {
                sections.put(k, v);
                return;
            }
            flags.put(Setting.byKey(k).orElseThrow(() -> new CliException(ExitCodes.USAGE,
                    "--set: unknown setting '" + k + "'")), v);
        });
        put(flags, Setting.HOST, host);
        put(flags, Setting.PORT, port);
        put(flags, Setting.DATA, data);
        put(flags, Setting.WORKERS, workers);
        put(flags, Setting.ENGINE, engine);
        put(flags, Setting.DURABILITY, durability);
        put(flags, Setting.API_TOKEN, apiToken);
        Path file = config != null ? config : env.containsKey("C2A_CONFIG") ? Path.of(env.get("C2A_CONFIG")) : null;
        return SettingsLoader.load(file, env, flags, sections);
    }

    private static void put(Map<Setting, String> flags, Setting s, String v) {
        if (v != null) {
            flags.put(s, v);
        }
    }
}
