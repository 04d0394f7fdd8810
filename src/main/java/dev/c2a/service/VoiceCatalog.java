package dev.c2a.service;

import dev.c2a.api.Echo;
import dev.c2a.api.InvalidRequestException;
import dev.c2a.speech.Capabilities;
import dev.c2a.speech.EngineSet;
import dev.c2a.speech.Languages;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.Voice;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What {@code GET /v1/voices} answers: the engines by preference, the voice each listed language
 * gets when a job names only the language, and the voices.
 */
public record VoiceCatalog(List<String> engines, Map<String, String> defaults, List<Entry> voices) {

    /**
     * One voice: {@code language} is a BCP 47 tag, {@code gender} male, female or null;
     * {@code capabilities} what its engine can do with it (word timings, any language, request size).
     */
    public record Entry(String id, String language, String name, String gender, int sampleRate,
                        Capabilities capabilities) {
        static Entry of(Voice v, EngineSet engines) {
            return new Entry(v.id(), v.language(), v.name(), v.gender(), v.sampleRate(), engines.capabilities(v));
        }
    }

    /**
     * The catalog, filtered by language (a BCP 47 tag; "en" covers "en-GB") and engine name; either
     * may be null.
     */
    static VoiceCatalog of(EngineSet engines, String language, String engine) {
        if (language != null && Languages.canonical(language).isEmpty()) {
            throw InvalidRequestException.malformed("language must be a BCP 47 tag such as en, en-GB or zh, got '"
                    + Echo.of(language, 40) + "'");
        }
        List<String> names = engines.engines().stream().map(SpeechEngine::name).toList();
        String wanted = engine == null ? null : engine.trim().toLowerCase(Locale.ROOT);
        if (wanted != null && !names.contains(wanted)) {
            throw InvalidRequestException.malformed("engine '" + Echo.of(engine, 40) + "' is not configured; engines: "
                    + String.join(", ", names));
        }
        List<Voice> voices = engines.voices().stream()
                .filter(v -> language == null || Languages.covers(language, v.language()))
                .filter(v -> wanted == null || v.id().startsWith(wanted + ":"))
                .toList();
        return new VoiceCatalog(names, defaults(engines, voices),
                voices.stream().map(v -> Entry.of(v, engines)).toList());
    }

    private static Map<String, String> defaults(EngineSet engines, List<Voice> voices) {
        Map<String, String> defaults = new TreeMap<>();
        for (Voice v : voices) {
            String primary = v.language().split("-")[0].toLowerCase(Locale.ROOT);
            String key = primary.equals("cmn") ? "zh" : primary;
            defaults.computeIfAbsent(key, l -> engines.voice(l).map(Voice::id).orElse(null));
        }
        defaults.values().removeIf(Objects::isNull);
        return defaults;
    }
}
