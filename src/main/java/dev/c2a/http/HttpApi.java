package dev.c2a.http;

import dev.c2a.job.IllegalTransitionException;
import dev.c2a.json.Json;
import dev.c2a.queue.QueueUnavailableException;
import dev.c2a.service.InvalidRequestException;
import dev.c2a.service.NotFoundException;
import dev.c2a.service.Service;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The HTTP control plane on Javalin (Jetty 12, virtual threads). It talks only to {@link Service};
 * request threads never run speech, so it answers while every worker is busy.
 */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final Javalin app;
    private final List<String> routes = Collections.synchronizedList(new ArrayList<>());

    public HttpApi(Service service) {
        long maxUpload = service.settings().maxUploadBytes();
        long maxBody = Math.max(service.settings().maxTextBytes(), maxUpload / 3 * 4 + 4) + (1 << 20);
        String token = service.settings().apiToken();
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.jetty.multipartConfig.maxFileSize(maxUpload, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(maxUpload + (1 << 20), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(1 << 20, SizeUnit.BYTES);
            config.events.handlerAdded(info -> routes.add(info.getHttpMethod().name() + " " + info.getPath()));
            if (token != null) {
                BearerAuth auth = new BearerAuth(token);
                config.routes.before("/v1/*", auth::check);
            }
            new ServiceRoutes(service).register(config.routes);
            new JobRoutes(service, maxBody, maxUpload).register(config.routes);
            new VoiceRoutes(service).register(config.routes);
            new EventRoutes(service).register(config.routes);
            new DashboardRoutes().register(config.routes);
            new SpeechRoutes(service, maxBody).register(config.routes);
            new OpsRoutes(service).register(config.routes);
            errors(config.routes);
        });
    }

    private static void errors(io.javalin.config.RoutesConfig routes) {
        routes.exception(InvalidRequestException.class, (e, ctx) ->
                Problem.write(ctx, e.status(), title(e.status()), e.getMessage()));
        routes.exception(NotFoundException.class, (e, ctx) -> Problem.write(ctx, 404, "Not Found", e.getMessage()));
        routes.exception(IllegalTransitionException.class, (e, ctx) ->
                Problem.write(ctx, 409, "Conflict", e.getMessage()));
        routes.exception(QueueUnavailableException.class, (e, ctx) ->
                Problem.write(ctx, 503, "Queue unavailable", e.getMessage()));
        routes.exception(HttpResponseException.class, (e, ctx) -> Problem.write(ctx, e.getStatus(),
                title(e.getStatus()), e.getStatus() == 404 ? "no route " + ctx.method() + " " + ctx.path()
                        + "; the API is described at /openapi.json" : e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            Problem.write(ctx, 500, "Internal Server Error", "the service failed to answer this request: "
                    + e.getClass().getSimpleName() + "; the error is in its log");
        });
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 422 -> "Unprocessable Content";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    public HttpApi start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    /** "METHOD /path" of every route, as registered (the OpenAPI test compares against these). */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    public void stop() {
        app.stop();
    }
}
