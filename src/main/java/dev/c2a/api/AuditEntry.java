package dev.c2a.api;

import java.time.Instant;

/**
 * One change of desired state: who ({@code actor}, with the role of their token), from where
 * ({@code origin}), what ({@code action}: run, pause, stop, workers; {@code detail}: the drain or
 * the count), where ({@code scope}: {@code cluster} or {@code node:<id>}) and when.
 */
public record AuditEntry(long id, Instant at, String actor, String role, String origin, String action, String scope,
                         String detail) {
}
