package dev.c2a.http;

import dev.c2a.api.BusyException;
import dev.c2a.api.GoneException;
import dev.c2a.api.InvalidRequestException;
import dev.c2a.api.NotFoundException;
import dev.c2a.job.IdempotencyConflictException;
import dev.c2a.job.IllegalTransitionException;
import dev.c2a.job.QueueUnavailableException;
import dev.c2a.job.StoreUnavailable;
import dev.c2a.json.Json;
import dev.c2a.service.Service;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The HTTP control plane on Javalin (Jetty 12). It talks only to {@link Service}; request threads
 * never run speech or parse content (the service does that on its own bounded pools), so it
 * answers while every worker is busy.
 *
 * <p>Its threads are platform threads of its own, not virtual threads. why: virtual threads share
 * one carrier per core with every other virtual thread of the process, and a blocking pipe read or
 * CPU-heavy parse elsewhere once held both carriers of a two-core machine, so Jetty's acceptor and
 * selector never ran again. Connections are capped, idle ones closed, and slow uploads cut off.
 */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    /** When to try again after a 503 because the job queue's database did not answer. */
    private static final Duration QUEUE_RETRY_AFTER = Duration.ofSeconds(5);
    /** An object store restarting is back within seconds too; a longer outage shows in status. */
    private static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(5);
    /** Request threads at most; event streams are capped well below (see {@code EventRoutes}). */
    static final int MAX_THREADS = 200;
    static final long IDLE_TIMEOUT_MILLIS = 30_000;
    /** An upload slower than this is cut off (a slowloris holds a thread for nothing). */
    static final long MIN_REQUEST_BYTES_PER_SECOND = 1024;

    private final Javalin app;
    private final List<String> routes = Collections.synchronizedList(new ArrayList<>());

    public HttpApi(Service service) {
        long maxUpload = service.settings().maxUploadBytes();
        long maxBody = Math.max(service.settings().maxTextBytes(), maxUpload / 3 * 4 + 4) + (1 << 20);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = false;
            QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 8, 60_000);
            threads.setName("c2a-http");
            threads.setDaemon(true);
            config.jetty.threadPool = threads;
            config.jetty.modifyServer(server -> {
                server.addBean(new NetworkConnectionLimit(service.settings().http().maxConnections(), server));
                server.setErrorHandler(new ProblemErrorHandler());
            });
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new ProblemErrorHandler()));
            config.jetty.modifyHttpConfiguration(http -> {
                http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
                http.setSendServerVersion(false);
            });
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.jetty.multipartConfig.maxFileSize(maxUpload, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(maxUpload + (1 << 20), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(1 << 20, SizeUnit.BYTES);
            List<Get> gets = new ArrayList<>();
            config.events.handlerAdded(info -> {
                String method = info.getHttpMethod().name();
                // filters (the browser guard, auth) run before routes, and HEAD mirrors GET: not routes of their own
                if (!method.startsWith("BEFORE") && !method.startsWith("AFTER") && !method.equals("HEAD")) {
                    routes.add(method + " " + info.getPath());
                }
                if (method.equals("GET") && !info.getPath().equals("/v1/events")) {
                    gets.add(new Get(info.getPath(), info.getHandler()));
                }
            });
            BrowserGuard guard = new BrowserGuard(service.settings().http().allowedHosts());
            config.routes.before(guard::check);
            new Access(service.settings().tokens()).register(config.routes);
            new ServiceRoutes(service).register(config.routes);
            new ClusterRoutes(service).register(config.routes);
            new JobRoutes(service, maxBody, maxUpload).register(config.routes);
            new VoiceRoutes(service).register(config.routes);
            new EventRoutes(service).register(config.routes);
            new DashboardRoutes().register(config.staticFiles);
            new SpeechRoutes(service, maxBody).register(config.routes);
            new OpsRoutes(service).register(config.routes, config.staticFiles);
            // static files are served after route matching, not as routes: named here for routes()
            routes.addAll(DashboardRoutes.ROUTES);
            routes.addAll(OpsRoutes.STATIC_ROUTES);
            // why: without a HEAD route Javalin answers 200 with nothing, whatever the GET would say
            for (Get get : gets) {
                config.routes.head(get.path(), get.handler());
            }
            errors(config.routes);
        });
    }

    /** A GET route, answered for HEAD too (Jetty sends the headers and drops the body). */
    private record Get(String path, io.javalin.http.Handler handler) {
    }

    private static void errors(io.javalin.config.RoutesConfig routes) {
        routes.exception(InvalidRequestException.class, (e, ctx) -> {
            if (e instanceof BusyException busy) {
                ctx.header("Retry-After", Long.toString(Math.max(1, busy.retryAfter().toSeconds())));
            }
            int status = status(e.reason());
            Problem.write(ctx, status, title(status), e.getMessage());
        });
        routes.exception(IdempotencyConflictException.class, (e, ctx) ->
                Problem.write(ctx, 422, title(422), e.getMessage()));
        routes.exception(NotFoundException.class, (e, ctx) -> Problem.write(ctx, 404, "Not Found", e.getMessage()));
        routes.exception(GoneException.class, (e, ctx) -> Problem.write(ctx, 410, "Gone", e.getMessage(),
                Map.of("prunedAt", e.prunedAt(), "reason", e.reason())));
        routes.exception(IllegalTransitionException.class, (e, ctx) ->
                Problem.write(ctx, 409, "Conflict", e.getMessage()));
        // Jetty's refusals raised inside a handler (an upload slower than the minimum rate: 408)
        routes.exception(org.eclipse.jetty.http.HttpException.RuntimeException.class, (e, ctx) ->
                Problem.write(ctx, e.getCode(), title(e.getCode()), "the request was refused by the HTTP server: "
                        + e.getReason()));
        routes.exception(QueueUnavailableException.class, (e, ctx) -> {
            // a database restarting or failing over is back within seconds; clients retry after that
            ctx.header("Retry-After", Long.toString(QUEUE_RETRY_AFTER.toSeconds()));
            Problem.write(ctx, 503, "Queue unavailable", e.getMessage());
        });
        routes.exception(StoreUnavailable.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(STORE_RETRY_AFTER.toSeconds()));
            Problem.write(ctx, 503, "Store unavailable", e.getMessage());
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> Problem.write(ctx, e.getStatus(),
                title(e.getStatus()), e.getStatus() == 404 ? "no route " + ctx.method() + " " + ctx.path()
                        + "; the API is described at /openapi.json" : e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            Problem.write(ctx, 500, "Internal Server Error", "the service failed to answer this request: "
                    + e.getClass().getSimpleName() + "; the error is in its log");
        });
    }

    /** The HTTP status of each kind of refusal. */
    static int status(InvalidRequestException.Reason reason) {
        return switch (reason) {
            case MALFORMED -> 400;
            case INVALID -> 422;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_TYPE -> 415;
            case OUT_OF_RANGE -> 416;
            case UNAVAILABLE -> 503;
            case NO_SPACE -> 507;
        };
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 422 -> "Unprocessable Content";
            case 503 -> "Service Unavailable";
            case 507 -> "Insufficient Storage";
            default -> "Error";
        };
    }

    public HttpApi start(String host, int port) {
        app.start(host, port);
        for (var connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof ServerConnector c) {
                c.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
            }
        }
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
