package dev.c2a;

import dev.c2a.api.ServiceStatus;
import dev.c2a.http.HttpApi;
import dev.c2a.service.Service;

import java.time.Duration;

/** A running c2a: the service and its HTTP server. {@link #close()} drains the workers, then stops. */
public final class C2aServer implements AutoCloseable {
    private final Service service;
    private final HttpApi http;

    private C2aServer(Service service, HttpApi http) {
        this.service = service;
        this.http = http;
    }

    /** Starts HTTP in front of an open service; closes the service when HTTP cannot start. */
    static C2aServer start(Service service) {
        try {
            HttpApi http = new HttpApi(service).start(service.settings().host(), service.settings().port());
            C2aServer server = new C2aServer(service, http);
            service.serving(server.url());
            return server;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    public Service service() {
        return service;
    }

    public int port() {
        return http.port();
    }

    public String url() {
        String host = service.settings().host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    public ServiceStatus status() {
        return service.status();
    }

    /** Stops the workers (draining up to {@code drain}); HTTP stays up. */
    public ServiceStatus stop(Duration drain) {
        return service.stop(drain);
    }

    /** Drains the workers for the configured drain time, then stops HTTP and closes the queue. */
    @Override
    public void close() {
        try {
            service.stopAndWait(service.settings().drain());
            http.stop();
        } finally {
            service.close();
        }
    }
}
