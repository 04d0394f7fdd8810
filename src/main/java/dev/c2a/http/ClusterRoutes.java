package dev.c2a.http;

import dev.c2a.api.ServiceState;
import dev.c2a.service.Service;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.Map;

/**
 * {@code /v1/cluster}: every node sharing the database, and the controls that act on all of them
 * (or on one by its id); {@code /v1/audit}: who changed what. {@code /v1/service} stays this node's.
 */
final class ClusterRoutes {
    private static final int MAX_AUDIT_PAGE = 500;
    private final Service service;

    ClusterRoutes(Service service) {
        this.service = service;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/cluster", ctx -> ctx.json(service.cluster()));
        routes.post("/v1/cluster/start", ctx -> control(ctx, ServiceState.RUNNING, null));
        routes.post("/v1/cluster/resume", ctx -> control(ctx, ServiceState.RUNNING, null));
        routes.post("/v1/cluster/pause", ctx -> control(ctx, ServiceState.PAUSED, null));
        routes.post("/v1/cluster/stop", ctx -> control(ctx, ServiceState.STOPPED, ServiceRoutes.drain(ctx)));
        routes.put("/v1/cluster/nodes/{id}/workers", ctx -> ctx.json(service.resizeNode(ctx.pathParam("id"),
                ServiceRoutes.count(ctx), Access.actor(ctx))));
        routes.get("/v1/audit", this::audit);
    }

    private void control(Context ctx, ServiceState target, Duration drain) {
        ctx.json(service.controlCluster(target, drain, Access.actor(ctx)));
    }

    private void audit(Context ctx) {
        int limit = QueryParams.wholeNumber(ctx, "limit", 100, 1, MAX_AUDIT_PAGE);
        String before = ctx.queryParam("before");
        Long beforeId = before == null || before.isBlank() ? null : (long) QueryParams.wholeNumber(ctx, "before", 0,
                1, Integer.MAX_VALUE);
        var entries = service.audit(limit, beforeId);
        ctx.json(Map.of("entries", entries, "next", entries.size() < limit ? "" : Long.toString(
                entries.getLast().id())));
    }
}
