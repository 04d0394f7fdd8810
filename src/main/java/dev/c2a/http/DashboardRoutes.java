package dev.c2a.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.InputStream;
import java.util.Map;

/**
 * The web dashboard at {@code /}: its files are built from {@code dashboard/} (TypeScript) into
 * the jar under {@code /dashboard}, so it works offline. Only names of that folder's shape are
 * served; everything the page shows comes from the {@code /v1} API with the user's token.
 */
final class DashboardRoutes {
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "map", "application/json");

    void register(RoutesConfig routes) {
        routes.get("/", ctx -> file(ctx, "index.html", "text/html; charset=utf-8"));
        routes.get("/assets/{file}", this::asset);
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("file");
        String ext = name.substring(name.lastIndexOf('.') + 1);
        if (!name.matches("[a-z0-9-]{1,40}\\.[a-z]{2,4}") || !TYPES.containsKey(ext)) {
            Problem.write(ctx, 404, "Not Found", "no dashboard file named '" + name + "'");
            return;
        }
        file(ctx, name, TYPES.get(ext));
    }

    private static void file(Context ctx, String name, String type) {
        InputStream in = DashboardRoutes.class.getResourceAsStream("/dashboard/" + name);
        if (in == null) {
            Problem.write(ctx, 404, "Not Found", "the dashboard file '" + name + "' is not in this build"
                    + (name.equals("index.html") ? " (it is built by npm from dashboard/; see README)" : ""));
            return;
        }
        // the page is small and changes with each build: revalidate, never serve a stale script
        ctx.header("Cache-Control", "no-cache").header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'self'; media-src 'self' blob:; img-src 'self' data:;"
                        + " style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
                .contentType(type).result(in);
    }
}
