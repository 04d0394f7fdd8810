package dev.c2a.job;

import dev.c2a.api.ServiceState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobStateTest {
    @Test
    void the_table_allows_the_lifecycle_and_nothing_out_of_a_success() {
        assertThat(JobState.QUEUED.canMoveTo(JobState.RUNNING)).isTrue();
        assertThat(JobState.RUNNING.canMoveTo(JobState.QUEUED)).as("retry or release").isTrue();
        assertThat(JobState.FAILED.canMoveTo(JobState.QUEUED)).as("retry by hand").isTrue();
        assertThat(JobState.QUEUED.canMoveTo(JobState.SUCCEEDED)).isFalse();
        for (JobState s : JobState.values()) {
            assertThat(JobState.SUCCEEDED.canMoveTo(s)).isFalse();
        }
    }

    @Test
    void a_forbidden_move_names_both_states() {
        assertThatThrownBy(() -> JobState.SUCCEEDED.checkMoveTo(JobState.RUNNING))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("cannot move job from succeeded to running");
    }

    @Test
    void the_service_cannot_pause_when_stopped_and_says_what_to_do() {
        assertThatThrownBy(() -> ServiceState.STOPPED.checkMoveTo(ServiceState.PAUSED, ServiceState.RUNNING, "pause"))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("cannot pause the service: it is stopped (use start)");
        assertThatThrownBy(() -> ServiceState.STOPPED.checkMoveTo(ServiceState.RUNNING, ServiceState.PAUSED, "resume"))
                .hasMessage("cannot resume the service: it is stopped (use start)");
        assertThat(ServiceState.PAUSED.canMoveTo(ServiceState.DRAINING)).isTrue();
        assertThat(ServiceState.DRAINING.canMoveTo(ServiceState.RUNNING)).isFalse();
    }

    @Test
    void job_ids_are_uuid_v7_and_recognised() {
        String id = JobIds.next(java.time.InstantSource.system());
        assertThat(JobIds.isWellFormed(id)).isTrue();
        assertThat(JobIds.isWellFormed("../../etc/passwd")).isFalse();
    }
}
