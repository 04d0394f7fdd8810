package dev.c2a.intake;

import dev.c2a.C2a;
import dev.c2a.config.IntakeSettings;
import dev.c2a.config.InvalidSettingException;
import dev.c2a.service.Service;
import dev.c2a.testing.GateEngine;
import dev.c2a.testing.Kafka;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The intake contract on Kafka, and what is Kafka's own: offsets committed per partition only past
 * records that are done, mode on-result holding a record's offset until its job finished (across a
 * redelivery), the message id taken from the key, a broker away when c2a starts, topics c2a creates.
 */
@Tag(Kafka.TAG)
class KafkaIntakeTest extends IntakeAdapterContract {
    private static final KafkaKit KIT = new KafkaKit();
    private static final Duration LONG = Duration.ofMinutes(2);

    @Override
    protected BrokerKit kit() {
        return KIT;
    }

    private static long jobsIn(Service service, String state) {
        return service.status().jobs().getOrDefault(state, 0L);
    }

    private static long allJobs(Service service) {
        return service.status().jobs().values().stream().mapToLong(Long::longValue).sum();
    }

    private static String group(BrokerKit.Channel channel) {
        return channel.settings().get("group");
    }

    /**
     * A service on the channel as the contract's, with the gate as its engine when there is one (it holds
     * every job until the test opens it); closed by the test, before its channel.
     */
    private Service node(BrokerKit.Channel channel, GateEngine gate, Map<String, String> extra) {
        C2a.Builder b = C2a.builder().dataDir(dir.resolve("data")).workers(2);
        if (gate == null) {
            b.engine("noop");
        } else {
            b.engines(gate);
        }
        channel.settings().forEach((k, v) -> b.set("intake." + NAME + "." + k, v));
        extra.forEach(b::set);
        return b.open();
    }

    @Test
    void offsets_are_committed_on_every_partition_up_to_the_last_record_taken_in() throws Exception {
        try (KafkaKit.KafkaChannel channel = KIT.newChannel(3); Service service = node(channel, null, Map.of())) {
            channel.publish(jobs(0, 60));
            await().atMost(LONG).until(() -> jobsIn(service, "succeeded") == 60);
            await().atMost(LONG).until(() -> channel.kafka().committed(group(channel)) == 60);
            assertThat(service.status().intake().getFirst().lag()).isZero();
        }
    }

    @Test
    void in_mode_on_result_a_record_is_committed_only_once_its_job_finished() throws Exception {
        GateEngine gate = new GateEngine();
        try (KafkaKit.KafkaChannel channel = KIT.newChannel(3);
             Service service = node(channel, gate, Map.of("intake." + NAME + ".mode", "on-result"))) {
            channel.publish(jobs(0, 1));
            await().atMost(LONG).until(() -> gate.waiting() == 1);
            Thread.sleep(2_000);
            assertThat(channel.kafka().committed(group(channel))).as("held while its job runs").isZero();

            gate.open();
            await().atMost(LONG).until(() -> jobsIn(service, "succeeded") == 1);
            await().atMost(LONG).until(() -> channel.kafka().committed(group(channel)) == 1);
        } finally {
            gate.open();
        }
    }

    @Test
    void a_record_delivered_again_under_a_running_job_finds_that_job_and_is_held_until_its_result() throws Exception {
        GateEngine gate = new GateEngine();
        Map<String, String> onResult = Map.of("intake." + NAME + ".mode", "on-result", "lease", "3s");
        try (KafkaKit.KafkaChannel channel = KIT.newChannel(3)) {
            try (Service first = node(channel, gate, onResult)) {
                channel.publish(jobs(0, 1));
                await().atMost(LONG).until(() -> gate.waiting() == 1);
            } finally {
                gate.open();
            }
            // the first node left the group with the record uncommitted: the next one gets it again (its
            // engine is a gate too, opened: the job was planned for the gate's voice)
            GateEngine open = new GateEngine();
            open.open();
            try (Service second = node(channel, open, onResult)) {
                await().atMost(LONG).until(() -> second.status().intake().getFirst().duplicates() >= 1);
                await().atMost(LONG).until(() -> jobsIn(second, "succeeded") == 1);
                await().atMost(LONG).until(() -> channel.kafka().committed(group(channel)) == 1);
                assertThat(allJobs(second)).as("the job ran once, made by the first delivery").isEqualTo(1);
                assertThat(second.status().intake().getFirst().accepted()).isZero();
            }
        }
    }

    @Test
    void with_the_key_as_message_id_a_record_sent_twice_makes_one_job_and_one_without_a_key_is_dead_lettered()
            throws Exception {
        try (KafkaKit.KafkaChannel channel = KIT.newChannel(3);
             Service service = node(channel, null, Map.of("intake." + NAME + ".message-id", "key"))) {
            byte[] keyless = "{\"text\": \"No key.\"}".getBytes(StandardCharsets.UTF_8);
            channel.publish(List.of(job(0), job(0), new BrokerKit.Message(null, keyless, Map.of())));

            List<BrokerKit.DeadLetter> dead = channel.deadLetters(1, LONG);
            assertThat(dead).hasSize(1);
            assertThat(dead.getFirst().reason()).contains("no key").contains("intake." + NAME + ".message-id");
            assertThat(dead.getFirst().body()).isEqualTo(keyless);
            await().atMost(LONG).until(() -> jobsIn(service, "succeeded") == 1);
            await().atMost(LONG).until(() -> service.status().intake().getFirst().duplicates() == 1);
            assertThat(allJobs(service)).isEqualTo(1);
        }
    }

    @Test
    void the_service_starts_with_its_broker_away_and_takes_jobs_in_once_it_is_up() throws Exception {
        try (BrokerKit.Own broker = KIT.own(); BrokerKit.Channel channel = broker.newChannel()) {
            broker.kill();
            try (Service service = node(channel, null, Map.of())) {
                await().atMost(LONG).until(() -> service.status().intake().getFirst().lastError() != null);
                assertThat(service.status().intake().getFirst().connected()).isFalse();
                assertThat(service.status().intake().getFirst().lastError()).contains("no broker answers");

                broker.start();
                channel.publish(jobs(0, 5));
                await().atMost(LONG).until(() -> jobsIn(service, "succeeded") == 5);
                assertThat(service.status().intake().getFirst().connected()).isTrue();
            }
        }
    }

    @Test
    void with_create_topics_the_intake_makes_its_missing_topics() {
        Kafka kafka = Kafka.shared();
        String topic = Kafka.uniqueName("made");
        Map<String, String> settings = new HashMap<>(Map.of("type", "kafka", "bootstrap-servers", kafka.bootstrapServers(),
                "topic", topic, "results-topic", topic + ".results", "create-topics", "true", "partitions", "2"));
        C2a.Builder b = C2a.builder().dataDir(dir.resolve("data")).workers(1).engine("noop");
        settings.forEach((k, v) -> b.set("intake." + NAME + "." + k, v));
        try (Service service = b.open()) {
            await().atMost(LONG).until(() -> kafka.topics().containsAll(List.of(topic, topic + ".results", topic + ".dlq")));
            await().atMost(LONG).until(() -> service.status().intake().getFirst().consuming());
        } finally {
            kafka.deleteTopics(List.of(topic, topic + ".results", topic + ".dlq"));
        }
    }

    @Test
    void a_wrong_setting_is_refused_by_its_full_key() {
        assertThatThrownBy(() -> create(Map.of("topic", "jobs")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("intake.in.bootstrap-servers");
        assertThatThrownBy(() -> create(Map.of("bootstrap-servers", "127.0.0.1:1", "topic", "jobs", "message-id", "id")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("intake.in.message-id");
        assertThatThrownBy(() -> create(Map.of("bootstrap-servers", "127.0.0.1:1", "topic", "jobs/1")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("intake.in.topic");
        assertThatThrownBy(() -> create(Map.of("bootstrap-servers", "127.0.0.1:1", "topic", "jobs", "queue", "q")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("intake.in.queue");
    }

    private static void create(Map<String, String> values) {
        Map<String, String> sources = new HashMap<>();
        values.keySet().forEach(k -> sources.put(k, "c2a.properties"));
        IntakeAdapters.create(new IntakeSettings(NAME, "kafka", values, sources)).close();
    }
}
