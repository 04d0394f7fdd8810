package dev.c2a.speech.remote;

import dev.c2a.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {
    private final SettableClock clock = new SettableClock();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), clock);

    @Test
    void opens_after_failures_in_a_row_and_a_success_resets_the_count() {
        breaker.failed("boom");
        breaker.failed("boom");
        breaker.succeeded();
        breaker.failed("boom");
        breaker.failed("boom");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.refusedFor()).isZero();
        assertThat(breaker.failed("down")).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.refusedFor()).isEqualTo(Duration.ofSeconds(10));
        assertThat(breaker.health().available()).isFalse();
        assertThat(breaker.health().detail()).contains("circuit open").contains("down");
        assertThat(breaker.health().retryAt()).isEqualTo(clock.instant().plusSeconds(10));
    }

    @Test
    void after_the_open_time_one_probe_goes_and_the_others_wait_for_it() {
        for (int i = 0; i < 3; i++) {
            breaker.failed("down");
        }
        clock.advance(Duration.ofSeconds(4));
        assertThat(breaker.refusedFor()).isEqualTo(Duration.ofSeconds(6));
        clock.advance(Duration.ofSeconds(6));
        assertThat(breaker.refusedFor()).as("the probe").isZero();
        assertThat(breaker.refusedFor()).as("others, while it runs").isPositive();
        breaker.succeeded();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.refusedFor()).isZero();
    }

    @Test
    void a_failed_probe_opens_the_circuit_again_at_once_and_an_abandoned_one_passes_its_turn() {
        for (int i = 0; i < 3; i++) {
            breaker.failed("down");
        }
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.refusedFor()).isZero();
        assertThat(breaker.failed("still down")).isTrue();
        assertThat(breaker.refusedFor()).isEqualTo(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.refusedFor()).isZero();
        breaker.abandoned();
        assertThat(breaker.refusedFor()).as("the next caller probes").isZero();
    }
}
