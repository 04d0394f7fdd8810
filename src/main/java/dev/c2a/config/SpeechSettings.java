package dev.c2a.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Which engines speak, by preference ({@code auto}: every one that runs here), the voice each
 * language gets by default, the remote OpenAI-compatible server when one is configured, and each
 * engine's own keys ({@code engine.<name>.<key>}).
 */
public record SpeechSettings(List<String> engines, Map<String, String> languageVoices, Remote remote,
                             Map<String, EngineSettings> engineSettings) {

    public SpeechSettings(List<String> engines, Map<String, String> languageVoices, Remote remote) {
        this(engines, languageVoices, remote, Map.of());
    }

    /** The keys {@code engine.<name>.*}; none when the configuration has none for it. */
    public EngineSettings engine(String name) {
        return engineSettings.getOrDefault(name, EngineSettings.none(name));
    }

    public boolean auto() {
        return engines.equals(List.of("auto"));
    }

    /**
     * A server speaking {@code POST /v1/audio/speech}. {@code maxChars} is its input limit (OpenAI's
     * is 4,096); longer text is sent in pieces. {@code breakAfter} failed calls in a row open the circuit
     * for {@code openFor}: jobs for its voices then wait in the queue instead of failing.
     * {@code multilingual}: its voices speak any language, so a mixed sentence is not cut into script runs.
     */
    public record Remote(URI url, String key, String model, List<String> voices, String language, boolean multilingual,
                         int concurrency, int maxChars, int retries, Duration timeout, int breakAfter,
                         Duration openFor) {
    }
}
