package dev.c2a.speech;

import dev.c2a.config.EngineSettings;
import dev.c2a.config.InvalidSettingException;
import dev.c2a.config.SpeechSettings;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.function.Supplier;

/**
 * What a {@link SpeechEngineProvider} makes its engine with.
 *
 * @param name      the engine's name in the configuration ({@code espeak-ng}, {@code piper})
 * @param settings  its own keys, {@code engine.<name>.*}, checked against the provider's
 *                  {@link SpeechEngineProvider#keys()} before it is called; read them with the typed
 *                  readers, whose errors name the key and where it was set
 * @param speech    the service's speech settings (the remote server's, for the remote engine)
 * @param clock     the service's clock: engines judge time by it, so tests can set it
 * @param dataDir   a directory of the engine's own ({@code <data>/engines/<name>}), created on first
 *                  use by the engine, for what it keeps between starts
 * @param deadlines the service's one watchdog for calls: arm a call's deadline here, do not close it
 */
public record EngineContext(String name, EngineSettings settings, SpeechSettings speech, InstantSource clock,
                            Path dataDir, Deadlines deadlines) {

    /**
     * Starts what {@code start} makes; when it cannot run and {@code key} was set, the failure is
     * the setting's (naming it and where it was set), not the machine's: a wrong path, not a missing package.
     */
    public <T> T started(String key, Supplier<T> start) {
        try {
            return start.get();
        } catch (IllegalStateException e) {
            if (settings.values().containsKey(key)) {
                throw new InvalidSettingException(settings.key(key) + ": " + e.getMessage() + " "
                        + settings.from(key));
            }
            throw e;
        }
    }
}
