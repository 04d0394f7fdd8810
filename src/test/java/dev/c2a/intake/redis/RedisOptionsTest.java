package dev.c2a.intake.redis;

import dev.c2a.config.IntakeSettings;
import dev.c2a.config.InvalidSettingException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisOptionsTest {

    private static RedisOptions options(String... keyValues) {
        Map<String, String> values = new HashMap<>(Map.of("url", "redis://:secret@127.0.0.1:6390", "stream", "jobs"));
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return RedisOptions.from(settings(values));
    }

    private static IntakeSettings settings(Map<String, String> values) {
        Map<String, String> sources = new HashMap<>();
        values.keySet().forEach(k -> sources.put(k, "c2a.properties"));
        return new IntakeSettings("in", "redis", values, sources);
    }

    @Test
    void defaults_name_the_results_and_dead_letter_streams_after_the_stream() {
        RedisOptions o = options();
        assertThat(o.group()).isEqualTo("c2a");
        assertThat(o.results()).isEqualTo("jobs:results");
        assertThat(o.deadLetters()).isEqualTo("jobs:dead");
        assertThat(o.bodyField()).isEqualTo("body");
        assertThat(o.resultsMaxLen()).isEqualTo(100_000);
        assertThat(o.deliveryLimit()).isEqualTo(20);
        assertThat(o.claimIdle()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options("mode", "on-result").claimIdle()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void an_unknown_key_is_refused_with_the_keys_it_knows() {
        assertThatThrownBy(() -> options("streem", "x"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("intake.in.streem").hasMessageContaining("claim-idle");
    }

    @Test
    void a_missing_stream_or_a_url_that_is_not_redis_names_the_key_and_not_the_password() {
        assertThatThrownBy(() -> RedisOptions.from(settings(Map.of("url", "redis://127.0.0.1"))))
                .hasMessageContaining("intake.in.stream");
        assertThatThrownBy(() -> options("url", "http://:secret@127.0.0.1:6390"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("intake.in.url").hasMessageNotContaining("secret");
    }

    @Test
    void on_result_needs_a_job_deadline_shorter_than_claim_idle() {
        assertThatThrownBy(() -> options("mode", "on-result", "claim-idle", "20m"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("intake.in.job-deadline (1500s)")
                .hasMessageContaining("intake.in.claim-idle (1200s)");
        assertThat(options("mode", "on-result", "claim-idle", "20m", "job-deadline", "10m").jobDeadline())
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(options("claim-idle", "20s").claimIdle()).as("on-accept holds nothing past a batch")
                .isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void claim_idle_below_a_second_is_refused() {
        assertThatThrownBy(() -> options("claim-idle", "200ms")).hasMessageContaining("intake.in.claim-idle");
    }
}
