package dev.c2a.http;

import dev.c2a.service.Service;
import dev.c2a.service.Version;
import io.javalin.config.RoutesConfig;
import io.javalin.config.StaticFilesConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Health, readiness, metrics and the API's own documentation. */
final class OpsRoutes {
    /** The static files it serves, named as in the OpenAPI document. */
    static final List<String> STATIC_ROUTES = List.of("GET /docs", "GET /docs/{file}");
    /** why: the webjar holds more (its own index pointing at a demo API, an OAuth redirect page). */
    private static final Set<String> SWAGGER_FILES = Set.of("swagger-ui.css", "swagger-ui-bundle.js",
            "swagger-ui-standalone-preset.js", "index.css");
    private final Service service;

    OpsRoutes(Service service) {
        this.service = service;
    }

    void register(RoutesConfig routes, StaticFilesConfig files) {
        routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        routes.get("/readyz", this::ready);
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(service.metrics()));
        routes.get("/openapi.json", OpsRoutes::openApi);
        // Swagger UI: our index (configured to /openapi.json) at /docs, then its files from the webjar
        files.add(docs -> {
            docs.hostedPath = "/docs";
            docs.directory = "/docs";
            docs.location = Location.CLASSPATH;
            docs.headers = Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff");
            docs.mimeTypes.add("text/html; charset=utf-8", "html");
        });
        files.add(webjar -> {
            webjar.hostedPath = "/docs";
            webjar.directory = "/META-INF/resources/webjars/swagger-ui/" + Version.swaggerUi();
            webjar.location = Location.CLASSPATH;
            webjar.headers = Map.of("Cache-Control", "max-age=86400", "X-Content-Type-Options", "nosniff");
            webjar.skipFileFunction = req -> !req.getRequestURI().startsWith("/docs/")
                    || !SWAGGER_FILES.contains(req.getRequestURI().substring("/docs/".length()));
        });
    }

    private void ready(Context ctx) {
        var why = service.notReadyBecause();
        if (why.isEmpty()) {
            ctx.json(Map.of("status", "ready"));
        } else {
            Problem.write(ctx, 503, "Not ready", why.get());
        }
    }

    private static void openApi(Context ctx) throws IOException {
        InputStream in = OpsRoutes.class.getResourceAsStream("/openapi.json");
        if (in == null) {
            Problem.write(ctx, 500, "Missing resource", "/openapi.json is not in this build");
            return;
        }
        ctx.contentType("application/json").result(in);
    }
}
