package dev.c2a.speech;

import java.time.Instant;

/**
 * Whether an engine can speak now. {@code available} false (a remote server down, its circuit
 * open) comes with why and, when known, when it will be tried again.
 */
public record EngineHealth(boolean available, String detail, Instant retryAt) {
    public static final EngineHealth READY = new EngineHealth(true, null, null);
}
