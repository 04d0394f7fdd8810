package dev.c2a.worker;

import dev.c2a.job.JobSpec;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EngineSlotsTest {
    private static JobSpec voiced(String voice) {
        return JobSpec.plain("Hello.", voice, "wav", 1.0, null);
    }

    private final EngineSlots slots = new EngineSlots(Map.of("flite", 2, "remote", 1),
            spec -> spec.voice().substring(0, spec.voice().indexOf(':')));

    @Test
    void each_engine_takes_as_many_jobs_as_it_takes_calls_and_free_counts_them_all() {
        assertThat(slots.free()).isEqualTo(3);
        assertThat(slots.take(voiced("flite:slt"))).contains("flite");
        assertThat(slots.take(voiced("flite:rms"))).contains("flite");
        assertThat(slots.take(voiced("flite:slt"))).as("flite is full").isEmpty();
        assertThat(slots.free()).isEqualTo(1);
        assertThat(slots.take(voiced("remote:alloy"))).contains("remote");
        assertThat(slots.free()).isZero();
        slots.give("flite");
        assertThat(slots.free()).isEqualTo(1);
        assertThat(slots.take(voiced("flite:slt"))).contains("flite");
        assertThat(slots.taken()).isEqualTo(Map.of("flite", 2, "remote", 1));
    }

    @Test
    void a_job_of_no_limited_engine_is_not_counted() {
        assertThat(slots.take(voiced("other:x"))).contains(EngineSlots.UNCOUNTED);
        slots.give(EngineSlots.UNCOUNTED);
        assertThat(slots.free()).isEqualTo(3);
        assertThat(EngineSlots.UNLIMITED.free()).isEqualTo(Integer.MAX_VALUE);
        assertThat(EngineSlots.UNLIMITED.take(voiced("flite:slt"))).contains(EngineSlots.UNCOUNTED);
    }
}
