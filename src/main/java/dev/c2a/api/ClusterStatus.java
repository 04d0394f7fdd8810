package dev.c2a.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /v1/cluster} answers: the desired state of the cluster, who leads the maintenance,
 * every node (alive, lost or left, with what it last published), and the jobs by state.
 *
 * @param state   the cluster's desired lifecycle ({@code running}, {@code paused}, {@code stopped}),
 *                or null when none was ever set (each node follows its settings)
 * @param version the change that set it, 0 when none
 */
public record ClusterStatus(String state, long version, Leader leader, List<NodeView> nodes,
                            Map<String, Long> jobs) {

    public record Leader(String node, String incarnation, long term, Instant since, Instant expiresAt) {
    }

    /**
     * One node: {@code status} is {@code alive}, {@code lost} (three beats missed: its jobs go to
     * other nodes) or {@code left} (stopped on purpose); the rest is its last snapshot.
     */
    public record NodeView(String id, String incarnation, String status, boolean leader, Instant startedAt,
                           Instant lastBeatAt, String host, String url, String version, String state,
                           int desiredWorkers, List<WorkerSnapshot> workers, List<ServiceStatus.Engine> engines,
                           String claimsHeld) {
    }
}
