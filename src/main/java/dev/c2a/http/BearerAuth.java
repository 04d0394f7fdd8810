package dev.c2a.http;

import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Requires {@code Authorization: Bearer <token>} on /v1 when a token is configured. */
final class BearerAuth {
    private final byte[] token;

    BearerAuth(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    void check(Context ctx) {
        String header = ctx.header("Authorization");
        byte[] given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        // why: a constant-time comparison does not tell an attacker how much of the token matched
        if (!MessageDigest.isEqual(given, token)) {
            ctx.header("WWW-Authenticate", "Bearer");
            Problem.write(ctx, 401, "Unauthorized", header == null
                    ? "this service requires an API token: send Authorization: Bearer <token>"
                    : "the API token is not valid");
            ctx.skipRemainingHandlers();
        }
    }
}
