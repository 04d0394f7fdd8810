package dev.c2a.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.c2a.C2a;
import dev.c2a.api.ServiceStatus;
import dev.c2a.config.InvalidSettingException;
import dev.c2a.json.Json;
import dev.c2a.service.Service;
import dev.c2a.testing.GateEngine;
import dev.c2a.testing.RabbitMq;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The intake contract on a real RabbitMQ node (scripts/rabbitmq), and what only RabbitMQ has. */
@Tag(RabbitMq.TAG)
class RabbitMqIntakeTest extends IntakeAdapterContract {
    private static final Duration WAIT = Duration.ofMinutes(1);
    private final RabbitMqKit kit = new RabbitMqKit();

    @Override
    protected BrokerKit kit() {
        return kit;
    }

    private static ServiceStatus.Intake intake(Service service) {
        return service.status().intake().getFirst();
    }

    private static long jobs(Service service) {
        return service.status().jobs().values().stream().mapToLong(Long::longValue).sum();
    }

    private static C2a.Builder c2a(Path data, BrokerKit.Channel channel, Map<String, String> extra) {
        C2a.Builder b = C2a.builder().dataDir(data).workers(1).engine("noop");
        Map<String, String> settings = new HashMap<>(channel.settings());
        settings.putAll(extra);
        settings.forEach((k, v) -> b.set("intake." + NAME + "." + k, v));
        return b;
    }

    @Test
    void on_result_a_delivery_the_broker_takes_back_from_a_long_job_finds_that_job_and_is_held_until_its_result()
            throws Exception {
        GateEngine gate = new GateEngine();
        try (BrokerKit.Own broker = kit.own(Duration.ofSeconds(3));
             BrokerKit.Channel channel = broker.newChannel()) {
            try (Service service = c2a(dir.resolve("data"), channel, Map.of("mode", "on-result",
                    "consumer-timeout", "3s", "job-deadline", "2s")).engines(gate).open()) {
                channel.publish(List.of(job(0)));
                await().atMost(WAIT).until(() -> gate.waiting() == 1);

                // the broker's consumer_timeout closes the channel and redelivers the message: the
                // inbox finds the running job, and the delivery is held again
                await().atMost(WAIT).until(() -> intake(service).duplicates() >= 1);
                assertThat(jobs(service)).as("the redelivery made no second job").isEqualTo(1);
                assertThat(intake(service).accepted()).isEqualTo(1);

                gate.open();
                await().atMost(WAIT).until(() -> service.status().jobs().getOrDefault("succeeded", 0L) == 1);
                List<String> events = channel.results(1, WAIT);
                assertThat(events).extracting(e -> Json.read(e, JsonNode.class).path("correlationId").asText())
                        .containsOnly("c-0");
                // held until the result: acknowledged within the next check, before the service closes
                Thread.sleep(2_000);
            }
            assertThat(((RabbitMqKit.Queues) channel).ready()).as("the message was acknowledged, not returned").isZero();
        }
    }

    @Test
    void on_result_refuses_to_start_when_the_job_deadline_is_not_shorter_than_the_consumer_timeout() {
        try (BrokerKit.Channel channel = kit.newChannel()) {
            C2a.Builder b = c2a(dir.resolve("data"), channel, Map.of("mode", "on-result", "job-deadline", "45m"));
            assertThatThrownBy(b::open)
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("intake." + NAME + ".job-deadline")
                    .hasMessageContaining("intake." + NAME + ".consumer-timeout");
        }
    }

    @Test
    void the_message_id_may_come_in_a_named_header_and_a_message_with_none_is_dead_lettered() throws Exception {
        try (BrokerKit.Channel channel = kit.newChannel();
             Service service = c2a(dir.resolve("data"), channel, Map.of("message-id-header", "X-Request-Id")).open()) {
            byte[] body = job(0).body();
            channel.publish(List.of(
                    new BrokerKit.Message(null, body, Map.of("x-request-id", "r-1")),
                    new BrokerKit.Message(null, job(1).body(), Map.of()),
                    new BrokerKit.Message(null, body, Map.of("x-request-id", "r-1"))));

            List<BrokerKit.DeadLetter> dead = channel.deadLetters(1, WAIT);
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(d.reason()).contains("message-id").contains("X-Request-Id");
                assertThat(d.body()).isEqualTo(job(1).body());
            });
            await().atMost(WAIT).until(() -> intake(service).duplicates() == 1);
            assertThat(intake(service).accepted()).isEqualTo(1);
            assertThat(jobs(service)).isEqualTo(1);
        }
    }

    @Test
    void a_result_event_goes_to_the_queue_its_message_named_in_reply_to() throws Exception {
        RabbitMq node = RabbitMq.server();
        String replies = "t-replies-" + System.nanoTime();
        try (Connection connection = node.connect();
             BrokerKit.Channel channel = kit.newChannel();
             Service service = c2a(dir.resolve("data"), channel, Map.of()).open()) {
            Channel ch = connection.createChannel();
            ch.queueDeclare(replies, false, false, true, null);
            BrokerKit.Message m = job(7);
            channel.publish(List.of(new BrokerKit.Message(m.id(), m.body(), Map.of("reply-to", replies))));

            GetResponse got = await().atMost(WAIT).until(() -> ch.basicGet(replies, true), r -> r != null);
            JsonNode event = Json.read(new String(got.getBody(), StandardCharsets.UTF_8), JsonNode.class);
            assertThat(event.path("correlationId").asText()).isEqualTo("c-7");
            assertThat(event.path("replyTo").asText()).isEqualTo(replies);
            assertThat(got.getProps().getMessageId()).isEqualTo(event.path("eventId").asText());
            assertThat(got.getProps().getCorrelationId()).isEqualTo("c-7");
            assertThat(channel.results(0, Duration.ZERO)).as("nothing in the default results queue").isEmpty();
            assertThat(intake(service).published()).isEqualTo(1);
        }
    }

    @Test
    void without_its_broker_the_service_starts_and_status_says_why_at_once() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        long started = System.nanoTime();
        try (Service service = C2a.builder().dataDir(dir.resolve("data")).workers(1).engine("noop")
                .set("intake." + NAME + ".type", "rabbitmq")
                .set("intake." + NAME + ".url", "amqp://c2a:secret@127.0.0.1:" + port + "/%2F").open()) {
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            await().atMost(WAIT).until(() -> intake(service).lastError() != null);
            long asked = System.nanoTime();
            ServiceStatus.Intake status = intake(service);
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(1));
            assertThat(status.connected()).isFalse();
            assertThat(status.consuming()).isFalse();
            assertThat(status.lastError()).containsIgnoringCase("refused");
        }
    }
}
