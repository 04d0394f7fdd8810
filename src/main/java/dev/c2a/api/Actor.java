package dev.c2a.api;

/**
 * Who asks for a change, as the audit log records it.
 *
 * @param name   the name of the caller's token ({@code api-token} for the single-token setting),
 *               {@code anonymous} when no token is configured, or what an embedder names itself
 * @param role   what the caller may do
 * @param origin where the request came from (the client's address), or {@code embedded}
 */
public record Actor(String name, Role role, String origin) {
    /** An embedder or a test calling the facade directly. */
    public static final Actor EMBEDDED = new Actor("embedded", Role.ADMIN, "embedded");
}
