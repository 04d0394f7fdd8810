package dev.c2a.http;

import dev.c2a.service.Service;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

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
        ctx.json(service.voices(ctx.queryParam("language"), ctx.queryParam("engine")));
    }

    private void sample(Context ctx) {
        byte[] wav = service.voiceSample(ctx.pathParam("id"));
        ctx.contentType("audio/wav").header("Cache-Control", "public, max-age=86400").result(wav);
    }
}
