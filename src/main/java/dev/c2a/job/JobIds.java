package dev.c2a.job;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.UUID;

/** Time-ordered UUIDv7 job ids: unguessable, sortable, never derived from input. */
public final class JobIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {
    }

    public static String next(InstantSource clock) {
        long millis = clock.millis();
        long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** True for the shape {@link #next} makes; used so that a path is only ever built from an id. */
    public static boolean isWellFormed(String id) {
        return id != null && id.matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
}
