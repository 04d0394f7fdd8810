package dev.c2a.http;

import dev.c2a.service.InvalidRequestException;
import dev.c2a.service.Service;
import dev.c2a.speech.EngineSet;
import dev.c2a.speech.Languages;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.Voice;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** {@code /v1/voices}: the catalog of every engine's voices, each language's default, and samples. */
final class VoiceRoutes {
    private final Service service;

    VoiceRoutes(Service service) {
        this.service = service;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/voices", this::voices);
        routes.get("/v1/voices/{id}/sample", this::sample);
    }

    private void voices(Context ctx) {
        EngineSet catalog = service.catalog();
        String language = ctx.queryParam("language");
        String engine = ctx.queryParam("engine");
        if (language != null && Languages.canonical(language).isEmpty()) {
            throw new InvalidRequestException(400, "language must be a BCP 47 tag such as en, en-GB or zh, got '"
                    + dev.c2a.service.Echo.of(language, 40) + "'");
        }
        List<String> names = catalog.engines().stream().map(SpeechEngine::name).toList();
        if (engine != null && !names.contains(engine.trim().toLowerCase(Locale.ROOT))) {
            throw new InvalidRequestException(400, "engine '" + dev.c2a.service.Echo.of(engine, 40)
                    + "' is not configured; engines: " + String.join(", ", names));
        }
        List<Voice> voices = catalog.voices().stream()
                .filter(v -> language == null || Languages.covers(language, v.language()))
                .filter(v -> engine == null || v.id().startsWith(engine.trim().toLowerCase(Locale.ROOT) + ":"))
                .toList();
        ctx.json(Map.of("engines", names, "defaults", defaults(catalog, voices), "voices", voices));
    }

    /** The voice each listed language gets when a job names only the language. */
    private static Map<String, String> defaults(EngineSet catalog, List<Voice> voices) {
        Map<String, String> defaults = new TreeMap<>();
        for (Voice v : voices) {
            String primary = v.language().split("-")[0].toLowerCase(Locale.ROOT);
            String key = primary.equals("cmn") ? "zh" : primary;
            defaults.computeIfAbsent(key, l -> catalog.voice(l).map(Voice::id).orElse(null));
        }
        defaults.values().removeIf(java.util.Objects::isNull);
        return defaults;
    }

    private void sample(Context ctx) {
        byte[] wav = service.speech().sample(ctx.pathParam("id"));
        ctx.contentType("audio/wav").header("Cache-Control", "public, max-age=86400").result(wav);
    }
}
