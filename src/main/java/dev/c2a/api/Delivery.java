package dev.c2a.api;

import java.time.Instant;

/**
 * One of a job's events on its way to one place: a broker's results ({@code results:<adapter>}), the
 * job's callback URL ({@code callback}) or a global webhook ({@code webhook:<name>}).
 *
 * @param state         pending, delivered or failed (its attempts spent)
 * @param attempts      attempts made so far
 * @param nextAttemptAt when a pending delivery is tried next
 * @param lastError     what went wrong the last time, or null
 */
public record Delivery(String eventId, String type, String sink, String target, String state, int attempts,
                       Instant nextAttemptAt, String lastError, Instant updatedAt) {
}
