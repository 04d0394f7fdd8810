package dev.c2a.config;

import dev.c2a.api.Role;

/**
 * A bearer token the HTTP API accepts: {@code api-token} (named {@code api-token}, role admin) or a
 * section {@code token.<name>.secret} with {@code token.<name>.role}.
 *
 * @param name   what the audit log and refusals call its holder
 * @param secret what the client sends as {@code Authorization: Bearer <secret>}
 */
public record ApiToken(String name, Role role, String secret) {
    /** The name of the token the {@code api-token} setting gives. */
    public static final String SINGLE = "api-token";

    @Override
    public String toString() {
        // why: a record prints every component, and a token in a log is a token given away
        return "ApiToken[" + name + ", " + role.wireName() + "]";
    }
}
