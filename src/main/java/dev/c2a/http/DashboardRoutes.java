package dev.c2a.http;

import io.javalin.config.StaticFilesConfig;
import io.javalin.http.staticfiles.Location;

import java.util.List;
import java.util.Map;

/**
 * The web dashboard at {@code /}: its files are built from {@code dashboard/} (TypeScript) into
 * the jar under {@code /dashboard} (the page, and {@code assets/} beside it), so it works offline,
 * and served by Javalin's static file handler. Everything the page shows comes from the {@code /v1}
 * API with the user's token.
 */
final class DashboardRoutes {
    /** What it serves, named as in the OpenAPI document (static files are not routes of their own). */
    static final List<String> ROUTES = List.of("GET /", "GET /assets/{file}");

    void register(StaticFilesConfig files) {
        files.add(dashboard -> {
            dashboard.hostedPath = "/";
            dashboard.directory = "/dashboard";
            dashboard.location = Location.CLASSPATH;
            // the page is small and changes with each build: revalidate, never serve a stale script
            dashboard.headers = Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff",
                    "Content-Security-Policy", "default-src 'self'; media-src 'self' blob:; img-src 'self' data:;"
                            + " style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
            dashboard.mimeTypes.add("text/html; charset=utf-8", "html");
            dashboard.mimeTypes.add("text/javascript; charset=utf-8", "js");
            dashboard.mimeTypes.add("text/css; charset=utf-8", "css");
        });
    }
}
