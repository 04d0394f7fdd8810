package dev.c2a.queue;

import java.util.Locale;

/** What an acknowledged commit survives. */
public enum Durability {
    /** Survives the process being killed (kill -9, OOM); the last commits may be lost on power loss. */
    PROCESS,
    /** Every commit is synced to disk before it is acknowledged: survives power loss. */
    FSYNC;

    public static Durability parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected 'process' or 'fsync', got '" + value + "'");
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
