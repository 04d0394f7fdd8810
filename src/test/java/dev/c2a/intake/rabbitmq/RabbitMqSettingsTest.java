package dev.c2a.intake.rabbitmq;

import dev.c2a.config.IntakeSettings;
import dev.c2a.config.InvalidSettingException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RabbitMqSettingsTest {

    private static RabbitMqSettings settings(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("url", "amqp://c2a:secret@127.0.0.1:5672/%2F"));
        values.putAll(extra);
        return RabbitMqSettings.of(from(values));
    }

    /** The settings as the file c2a.properties gives them. */
    private static IntakeSettings from(Map<String, String> values) {
        Map<String, String> sources = new HashMap<>();
        values.keySet().forEach(k -> sources.put(k, "c2a.properties"));
        return new IntakeSettings("jobs", "rabbitmq", values, sources);
    }

    @Test
    void defaults_name_the_queues_after_the_job_queue() {
        RabbitMqSettings s = settings(Map.of("queue", "work"));

        assertThat(s.queue()).isEqualTo("work");
        assertThat(s.deadLetterQueue()).isEqualTo("work.dead");
        assertThat(s.resultsQueue()).isEqualTo("c2a-results");
        assertThat(s.deliveryLimit()).isEqualTo(5);
        assertThat(s.consumerTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.jobDeadline()).isEqualTo(Duration.ofMinutes(25));
        assertThat(s.mode()).isEqualTo(IntakeSettings.Mode.ON_ACCEPT);
    }

    @Test
    void a_missing_url_is_named() {
        assertThatThrownBy(() -> RabbitMqSettings.of(from(Map.of())))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("intake.jobs.url");
    }

    @Test
    void a_url_of_another_scheme_is_refused_without_its_password() {
        assertThatThrownBy(() -> settings(Map.of("url", "http://c2a:secret@host/")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("intake.jobs.url")
                .hasMessageNotContaining("secret");
    }

    @Test
    void an_unknown_key_is_named() {
        assertThatThrownBy(() -> settings(Map.of("prefetch", "10")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("intake.jobs.prefetch");
    }

    @Test
    void on_result_refuses_a_job_deadline_the_consumer_timeout_does_not_outlast() {
        assertThatThrownBy(() -> settings(Map.of("mode", "on-result", "job-deadline", "30m")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("intake.jobs.job-deadline")
                .hasMessageContaining("intake.jobs.consumer-timeout");
    }

    @Test
    void on_result_starts_with_a_deadline_shorter_than_the_timeout() {
        RabbitMqSettings s = settings(Map.of("mode", "on-result", "job-deadline", "50m", "consumer-timeout", "1h"));

        assertThat(s.mode()).isEqualTo(IntakeSettings.Mode.ON_RESULT);
    }

    @Test
    void on_accept_does_not_care_about_the_deadline() {
        assertThat(settings(Map.of("job-deadline", "2h")).jobDeadline()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void neither_the_dead_letter_queue_nor_the_results_queue_can_be_the_job_queue() {
        assertThatThrownBy(() -> settings(Map.of("queue", "q", "dead-letter-queue", "q")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("intake.jobs.dead-letter-queue");
        assertThatThrownBy(() -> settings(Map.of("queue", "q", "results-queue", "q")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("intake.jobs.results-queue");
    }
}
