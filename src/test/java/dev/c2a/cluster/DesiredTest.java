package dev.c2a.cluster;

import dev.c2a.api.ServiceState;
import dev.c2a.queue.Coordination;
import dev.c2a.queue.Coordination.ScopeRow;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DesiredTest {
    private static final Desired.Defaults SETTINGS = new Desired.Defaults(ServiceState.RUNNING, 4, 8,
            Duration.ofSeconds(30));

    private static Desired of(ScopeRow cluster, ScopeRow node) {
        return Desired.of(new Coordination.Desired(cluster, node), SETTINGS);
    }

    private static ScopeRow state(ServiceState state, long version) {
        return new ScopeRow(state, version, null, null, 0);
    }

    @Test
    void with_nothing_asked_the_settings_decide() {
        assertThat(of(ScopeRow.NONE, ScopeRow.NONE)).isEqualTo(new Desired(ServiceState.RUNNING,
                Duration.ofSeconds(30), 0, 4, 0));
    }

    @Test
    void the_newer_of_the_clusters_and_the_nodes_own_change_decides() {
        assertThat(of(state(ServiceState.PAUSED, 5), state(ServiceState.RUNNING, 7)).state())
                .as("the node resumed after the cluster paused").isEqualTo(ServiceState.RUNNING);
        assertThat(of(state(ServiceState.PAUSED, 9), state(ServiceState.RUNNING, 7)).state())
                .as("the cluster paused again after").isEqualTo(ServiceState.PAUSED);
        assertThat(of(state(ServiceState.STOPPED, 9), ScopeRow.NONE).stateVersion()).isEqualTo(9);
    }

    @Test
    void a_stop_carries_its_drain_and_the_worker_count_is_the_nodes_own() {
        Desired d = of(new ScopeRow(ServiceState.STOPPED, 3, Duration.ZERO, 9, 2),
                new ScopeRow(null, 0, null, 2, 4));
        assertThat(d.drain()).isEqualTo(Duration.ZERO);
        assertThat(d.workers()).as("a cluster row's count is not a node's").isEqualTo(2);
        assertThat(d.workersVersion()).isEqualTo(4);
    }

    @Test
    void a_stored_count_above_this_nodes_max_workers_is_held_to_it() {
        assertThat(of(ScopeRow.NONE, new ScopeRow(null, 0, null, 50, 3)).workers()).isEqualTo(8);
    }
}
