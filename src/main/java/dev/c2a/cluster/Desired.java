package dev.c2a.cluster;

import dev.c2a.api.ServiceState;
import dev.c2a.queue.Coordination;

import java.time.Duration;

/**
 * What one node should be doing: the newer of the cluster's and the node's own lifecycle (a pause
 * of the cluster after a node's resume pauses that node too, and the other way round), and the
 * node's worker count; the settings where nothing was ever asked.
 *
 * @param stateVersion   the version of the change that decided the state; 0 for the settings
 * @param workersVersion likewise for the worker count
 */
public record Desired(ServiceState state, Duration drain, long stateVersion, int workers, long workersVersion) {

    /**
     * What the settings ask for when the database holds nothing: autostart or not, {@code workers},
     * {@code drain}; and {@code max-workers}, which bounds a stored count too (it may have been set
     * through another node, or before this node's limit was lowered).
     */
    public record Defaults(ServiceState state, int workers, int maxWorkers, Duration drain) {
    }

    public static Desired of(Coordination.Desired rows, Defaults defaults) {
        Coordination.ScopeRow cluster = rows.cluster();
        Coordination.ScopeRow node = rows.node();
        Coordination.ScopeRow decides = node.stateVersion() > cluster.stateVersion() ? node : cluster;
        ServiceState state = decides.stateVersion() == 0 ? defaults.state() : decides.state();
        Duration drain = decides.drain() == null ? defaults.drain() : decides.drain();
        int workers = node.workersVersion() == 0 ? defaults.workers() : Math.min(node.workers(), defaults.maxWorkers());
        return new Desired(state, drain, decides.stateVersion(), workers, node.workersVersion());
    }
}
