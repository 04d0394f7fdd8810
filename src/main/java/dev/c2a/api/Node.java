package dev.c2a.api;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * This process among the nodes that share a queue: its configured id (the host name by default)
 * and an incarnation drawn at each start, so that two processes on one host, or one process
 * before and after a restart, never hold leases under the same name.
 */
public record Node(String id, String incarnation) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new incarnation of node {@code id}. */
    public static Node start(String id) {
        return new Node(id, Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36).substring(0, 6)
                .toLowerCase(Locale.ROOT));
    }

    /** The name a worker of this node holds its leases under: node, incarnation and worker. */
    public String owner(String worker) {
        return id + "/" + incarnation + "/" + worker;
    }
}
