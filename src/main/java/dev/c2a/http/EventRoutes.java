package dev.c2a.http;

import dev.c2a.api.EventStream;
import dev.c2a.service.Service;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * {@code GET /v1/events}: Server-Sent Events for dashboards (status every second, job state
 * changes, chart samples), written by hand on the request's virtual thread so that nothing but
 * the listener's own queue is held per client. A comment every 15 s keeps proxies and Jetty's idle
 * timeout from closing a quiet stream. {@code GET /v1/service/history}: the chart's last 15 minutes.
 */
final class EventRoutes {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private final Service service;

    EventRoutes(Service service) {
        this.service = service;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/events", this::events);
        routes.get("/v1/service/history", ctx -> ctx.json(Map.of("samples", service.history())));
    }

    private void events(Context ctx) {
        ctx.status(200).contentType("text/event-stream; charset=utf-8").header("Cache-Control", "no-store")
                .header("X-Accel-Buffering", "no");
        try (EventStream listener = service.listen()) {
            OutputStream out = ctx.res().getOutputStream();
            // a browser that loses the stream reconnects after this many milliseconds
            write(out, "retry: 2000\n\n");
            while (!listener.dropped()) {
                String event = listener.next(KEEP_ALIVE);
                write(out, event != null ? event : ": keep-alive\n\n");
            }
        } catch (IOException e) {
            // the dashboard went away; its listener is closed above
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
