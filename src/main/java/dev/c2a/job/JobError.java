package dev.c2a.job;

import java.time.Instant;

/** One failed attempt: what went wrong, the end of the engine's stderr, and when. */
public record JobError(int attempt, String message, String stderr, Instant at) {
}
