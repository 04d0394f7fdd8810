package dev.c2a.http;

import dev.c2a.api.InvalidRequestException;
import dev.c2a.api.ServiceState;
import dev.c2a.service.Service;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

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
        routes.post("/v1/cluster/start", ctx -> ctx.json(service.controlCluster(ServiceState.RUNNING, null, Access.actor(ctx))));
        routes.post("/v1/cluster/resume", ctx -> ctx.json(service.controlCluster(ServiceState.RUNNING, null,
                Access.actor(ctx))));
        routes.post("/v1/cluster/pause", ctx -> ctx.json(service.controlCluster(ServiceState.PAUSED, null, Access.actor(ctx))));
        routes.post("/v1/cluster/stop", ctx -> ctx.json(service.controlCluster(ServiceState.STOPPED,
                ServiceRoutes.drain(ctx), Access.actor(ctx))));
        routes.put("/v1/cluster/nodes/{id}/workers", ctx -> ctx.json(service.resizeNode(ctx.pathParam("id"),
                ServiceRoutes.count(ctx), Access.actor(ctx))));
        routes.get("/v1/audit", this::audit);
    }

    private void audit(Context ctx) {
        int limit = intParam(ctx, "limit", 100, 1, MAX_AUDIT_PAGE);
        String before = ctx.queryParam("before");
        Long beforeId = before == null || before.isBlank() ? null : (long) intParam(ctx, "before", 0, 1,
                Integer.MAX_VALUE);
        var entries = service.audit(limit, beforeId);
        ctx.json(Map.of("entries", entries, "next", entries.size() < limit ? "" : Long.toString(
                entries.getLast().id())));
    }

    private static int intParam(Context ctx, String name, int otherwise, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw InvalidRequestException.invalid(name + " must be a whole number from " + min + " to " + max + ", got '"
                + dev.c2a.api.Echo.of(v, 40) + "'");
    }
}
