package dev.c2a.http;

import dev.c2a.api.InvalidRequestException;
import dev.c2a.config.Durations;
import dev.c2a.service.Service;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.time.Duration;

/** {@code /v1/service}: status and the lifecycle controls. */
final class ServiceRoutes {
    private static final Duration MAX_DRAIN = Duration.ofHours(1);
    private final Service service;

    ServiceRoutes(Service service) {
        this.service = service;
    }

    /** The resize body. */
    record WorkerCount(Integer count) {
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/service", ctx -> ctx.json(service.status()));
        routes.post("/v1/service/start", ctx -> ctx.json(service.start(Access.actor(ctx))));
        routes.post("/v1/service/pause", ctx -> ctx.json(service.pause(Access.actor(ctx))));
        routes.post("/v1/service/resume", ctx -> ctx.json(service.resume(Access.actor(ctx))));
        routes.post("/v1/service/stop", ctx -> ctx.json(service.stop(drain(ctx), Access.actor(ctx))));
        routes.put("/v1/service/workers", ctx -> ctx.json(service.resize(count(ctx), Access.actor(ctx))));
    }

    /** The count of a resize body, {@code {"count": N}}. */
    static int count(Context ctx) {
        WorkerCount body = JsonBody.read(ctx, 4096, WorkerCount.class);
        if (body.count() == null) {
            throw InvalidRequestException.invalid("count is missing; send {\"count\": N}");
        }
        return body.count();
    }

    static Duration drain(Context ctx) {
        String d = ctx.queryParam("drain");
        if (d == null || d.isBlank()) {
            return null;
        }
        Duration drain;
        try {
            drain = Durations.parse(d);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.invalid("drain: " + e.getMessage());
        }
        if (drain.isNegative() || drain.compareTo(MAX_DRAIN) > 0) {
            throw InvalidRequestException.invalid("drain must be between 0s and 1h, got '" + d + "'");
        }
        return drain;
    }
}
