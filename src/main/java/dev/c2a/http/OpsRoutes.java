package dev.c2a.http;

import dev.c2a.service.Service;
import dev.c2a.service.Version;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;

/** Health, readiness, metrics and the API's own documentation. */
final class OpsRoutes {
    private static final Set<String> SWAGGER_FILES = Set.of("swagger-ui.css", "swagger-ui-bundle.js",
            "swagger-ui-standalone-preset.js", "index.css");
    private final Service service;

    OpsRoutes(Service service) {
        this.service = service;
    }

    void register(RoutesConfig routes) {
        routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        routes.get("/readyz", this::ready);
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(service.metrics()));
        routes.get("/openapi.json", ctx -> resource(ctx, "/openapi.json", "application/json"));
        routes.get("/docs", ctx -> resource(ctx, "/docs/index.html", "text/html; charset=utf-8"));
        routes.get("/docs/{file}", this::swaggerAsset);
    }

    private void ready(Context ctx) {
        var why = service.notReadyBecause();
        if (why.isEmpty()) {
            ctx.json(Map.of("status", "ready"));
        } else {
            Problem.write(ctx, 503, "Not ready", why.get());
        }
    }

    private void swaggerAsset(Context ctx) throws IOException {
        String file = ctx.pathParam("file");
        if (!SWAGGER_FILES.contains(file)) {
            Problem.write(ctx, 404, "Not Found", "no documentation file named '" + file + "'");
            return;
        }
        String type = file.endsWith(".css") ? "text/css" : "text/javascript";
        ctx.header("Cache-Control", "max-age=86400");
        resource(ctx, "/META-INF/resources/webjars/swagger-ui/" + Version.swaggerUi() + "/" + file, type);
    }

    private static void resource(Context ctx, String path, String type) throws IOException {
        InputStream in = OpsRoutes.class.getResourceAsStream(path);
        if (in == null) {
            Problem.write(ctx, 500, "Missing resource", path + " is not in this build");
            return;
        }
        ctx.contentType(type).result(in);
    }
}
