package dev.c2a.api;

import java.util.Locale;

/**
 * What a caller of the API may do, each role including the ones before it: {@code viewer} reads
 * (jobs, status, events, audio), {@code operator} also submits and steers jobs and workers,
 * {@code admin} also reads the audit log.
 */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    /** Whether a caller with this role may do what {@code needed} may. */
    public boolean covers(Role needed) {
        return compareTo(needed) >= 0;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the roles there are */
    public static Role parse(String name) {
        for (Role r : values()) {
            if (r.wireName().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a role; a role is viewer, operator or admin");
    }
}
