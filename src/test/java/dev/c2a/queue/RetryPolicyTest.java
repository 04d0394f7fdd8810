package dev.c2a.queue;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(10), 3);

    @Test
    void backoff_doubles_with_each_attempt_between_half_and_all_of_its_ceiling() {
        assertThat(policy.delayBefore(1, 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.delayBefore(1, 0.999)).isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayBefore(3, 0.0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayBefore(3, 0.999)).isBetween(Duration.ofMillis(3990), Duration.ofSeconds(4));
    }

    @Test
    void backoff_never_exceeds_the_maximum_even_after_many_attempts() {
        assertThat(policy.delayBefore(60, 0.999)).isLessThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void a_policy_without_attempts_is_refused_by_name() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 1))
                .hasMessage("maxAttempts cannot be less than 1");
    }
}
