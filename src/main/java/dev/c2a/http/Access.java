package dev.c2a.http;

import dev.c2a.api.Actor;
import dev.c2a.api.Role;
import dev.c2a.config.ApiToken;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may do what on {@code /v1}. A request names its token ({@code Authorization: Bearer <secret>});
 * the token's name and role, with the client's address, become the request's {@link Actor}. What a
 * request needs is decided by {@link #needed}: reading needs {@code viewer}, changing anything
 * {@code operator}, the audit log {@code admin}. With no token configured (loopback only) every
 * caller is {@code anonymous} with the admin role. The routes outside {@code /v1} (health, metrics,
 * the API's description, the dashboard's files) are open, as they were.
 */
final class Access {
    private static final String ACTOR = "c2a.actor";
    private static final Set<String> READS = Set.of("GET", "HEAD");
    private static final String AUDIT = "/v1/audit";

    private final List<Key> keys;

    /** A token with the digest its secret is compared by. */
    private record Key(ApiToken token, byte[] digest) {
    }

    Access(List<ApiToken> tokens) {
        this.keys = tokens.stream().map(t -> new Key(t, sha256(t.secret()))).toList();
    }

    void register(RoutesConfig routes) {
        routes.before("/v1/*", this::authenticate);
        // why after matching: the role is decided by the route that answers (its path template), not
        // by how the client spelled the path (a trailing slash, say)
        routes.beforeMatched("/v1/*", Access::authorize);
        routes.get("/v1/whoami", ctx -> {
            Actor actor = actor(ctx);
            ctx.json(Map.of("name", actor.name(), "role", actor.role().wireName()));
        });
    }

    /** Who asks, as the token filter found it; every {@code /v1} route has one. */
    static Actor actor(Context ctx) {
        Actor actor = ctx.attribute(ACTOR);
        if (actor == null) {
            throw new IllegalStateException("no actor for " + ctx.path() + ": only /v1 routes have one");
        }
        return actor;
    }

    /** The role a request needs, by its method and the path template of its route. */
    static Role needed(String method, String path) {
        if (path.equals(AUDIT) || path.startsWith(AUDIT + "/")) {
            return Role.ADMIN;
        }
        return READS.contains(method) ? Role.VIEWER : Role.OPERATOR;
    }

    private void authenticate(Context ctx) {
        String address = ctx.ip();
        if (keys.isEmpty()) {
            ctx.attribute(ACTOR, new Actor("anonymous", Role.ADMIN, address));
            return;
        }
        String header = ctx.header("Authorization");
        String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
        byte[] digest = sha256(given);
        ApiToken found = null;
        // why every key and digests: the time taken says neither which token matched nor how much of one
        for (Key k : keys) {
            boolean match = MessageDigest.isEqual(digest, k.digest());
            if (match && found == null) {
                found = k.token();
            }
        }
        if (found == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            refuse(ctx, 401, "Unauthorized", header == null
                    ? "this service requires an API token: send Authorization: Bearer <token>"
                    : "the API token is not valid");
            return;
        }
        ctx.attribute(ACTOR, new Actor(found.name(), found.role(), address));
    }

    private static void authorize(Context ctx) {
        Endpoint route = ctx.endpoints().matchedHttpEndpoint();
        Role needed = needed(ctx.method().name(), route == null ? ctx.path() : route.path);
        Actor actor = actor(ctx);
        if (!actor.role().covers(needed)) {
            refuse(ctx, 403, "Forbidden", "this request needs the " + needed.wireName() + " role; token '"
                    + actor.name() + "' has the " + actor.role().wireName() + " role");
        }
    }

    private static void refuse(Context ctx, int status, String title, String detail) {
        JsonBody.refuse(ctx, null);
        Problem.write(ctx, status, title, detail);
        ctx.skipRemainingHandlers();
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
