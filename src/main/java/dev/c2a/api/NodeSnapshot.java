package dev.c2a.api;

import java.util.List;

/**
 * What a node publishes with each beat for the cluster view: where it is, what it runs and what its
 * workers do. Read from the database, so another node shows it.
 */
public record NodeSnapshot(String host, String url, String version, String state, int desiredWorkers,
                           List<WorkerSnapshot> workers, List<ServiceStatus.Engine> engines, String claimsHeld) {
}
