package dev.c2a.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.api.ServiceStatus;
import dev.c2a.config.InvalidSettingException;
import dev.c2a.json.Json;
import dev.c2a.service.Service;
import dev.c2a.testing.GateEngine;
import dev.c2a.testing.Redis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamConsumerInfo;
import redis.clients.jedis.resps.StreamEntry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The intake contract on Redis Streams, against a real Redis started by scripts/redis, and what is
 * Redis's own: on-result holds kept fresh against other nodes' takeovers, entries a crashed consumer
 * left pending taken over (or dead-lettered once delivered too often), reply-to streams, lag.
 */
@Tag(Redis.TAG)
class RedisIntakeTest extends IntakeAdapterContract {
    private static final Duration WAIT = Duration.ofMinutes(1);
    private static final String GROUP = "c2a";
    private final RedisKit kit = new RedisKit();

    @Override
    protected BrokerKit kit() {
        return kit;
    }

    /**
     * The service on {@code channel} with two workers and {@code engine}, the channel's settings
     * overridden by {@code extra}; short leases, so that the jobs of a service closed while its engine
     * held them run again soon on the next.
     */
    private Service service(String data, BrokerKit.Channel channel, GateEngine engine, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(channel.settings());
        settings.putAll(extra);
        C2a.Builder b = C2a.builder().dataDir(dir.resolve(data)).workers(2).engines(engine).set("lease", "3s");
        settings.forEach((k, v) -> b.set("intake." + NAME + "." + k, v));
        return b.open();
    }

    private static ServiceStatus.Intake intake(Service service) {
        return service.status().intake().getFirst();
    }

    private static String stream(BrokerKit.Channel channel) {
        return channel.settings().get("stream");
    }

    @Test
    void on_result_holds_each_entry_until_its_job_finished_and_keeps_it_from_other_nodes_past_claim_idle()
            throws Exception {
        Map<String, String> onResult = Map.of("mode", "on-result", "claim-idle", "2s", "job-deadline", "1s");
        GateEngine gate = new GateEngine();
        try (BrokerKit.Channel channel = kit.newChannel(); Service service = service("data", channel, gate, onResult);
             Jedis redis = Redis.server().connect()) {
            channel.publish(jobs(0, 2));
            await().atMost(WAIT).until(() -> gate.waiting() == 2);

            Thread.sleep(5_000);
            var takeover = redis.xautoclaimJustId(stream(channel), GROUP, "another-node", 2_000, new StreamEntryID(0, 0),
                    XAutoClaimParams.xAutoClaimParams().count(10));
            assertThat(takeover.getValue()).as("held entries stay fresh: another node takes none over").isEmpty();
            assertThat(redis.xpending(stream(channel), GROUP).getTotal()).isEqualTo(2);

            gate.open();
            await().atMost(WAIT).until(() -> redis.xpending(stream(channel), GROUP).getTotal() == 0);
            assertThat(channel.results(2, WAIT)).hasSize(2);
            assertThat(intake(service).accepted()).isEqualTo(2);
            assertThat(intake(service).duplicates()).isZero();
        }
    }

    @Test
    void on_result_entries_of_a_node_that_went_away_are_taken_over_and_held_again_without_a_second_job()
            throws Exception {
        Map<String, String> onResult = Map.of("mode", "on-result", "claim-idle", "2s", "job-deadline", "1s");
        try (BrokerKit.Channel channel = kit.newChannel(); Jedis redis = Redis.server().connect()) {
            GateEngine first = new GateEngine();
            try (Service service = service("data", channel, first, onResult)) {
                channel.publish(jobs(0, 2));
                await().atMost(WAIT).until(() -> first.waiting() == 2);
            }
            assertThat(redis.xpending(stream(channel), GROUP).getTotal()).as("a closed intake acknowledges nothing")
                    .isEqualTo(2);

            GateEngine second = new GateEngine();
            try (Service service = service("data", channel, second, onResult)) {
                await().atMost(WAIT).until(() -> intake(service).duplicates() == 2);
                await().atMost(WAIT).until(() -> second.waiting() == 2);
                assertThat(redis.xpending(stream(channel), GROUP).getTotal()).as("held again while the jobs run")
                        .isEqualTo(2);

                second.open();
                await().atMost(WAIT).until(() -> redis.xpending(stream(channel), GROUP).getTotal() == 0);
                assertThat(intake(service).accepted()).isZero();
                assertThat(service.status().jobs().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
                assertThat(channel.results(2, WAIT)).hasSize(2);
            }
        }
    }

    @Test
    void on_result_refuses_to_start_when_the_job_deadline_is_not_shorter_than_claim_idle() {
        try (BrokerKit.Channel channel = kit.newChannel()) {
            assertThatThrownBy(() -> service("data", channel, new GateEngine(),
                    Map.of("mode", "on-result", "claim-idle", "10m")).close())
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("intake.in.job-deadline (1500s)")
                    .hasMessageContaining("intake.in.claim-idle (600s)");
        }
    }

    @Test
    void entries_a_crashed_consumer_left_pending_are_taken_over_and_one_delivered_too_often_is_dead_lettered()
            throws Exception {
        try (BrokerKit.Channel channel = kit.newChannel(); Jedis redis = Redis.server().connect()) {
            String stream = stream(channel);
            channel.publish(jobs(0, 3));
            redis.xgroupCreate(stream, GROUP, new StreamEntryID(0, 0), true);
            List<StreamEntry> read = redis.xreadGroup(GROUP, "crashed-node", XReadGroupParams.xReadGroupParams().count(2),
                    Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)).getFirst().getValue();
            // as if it had been taken over and crashed its consumer 20 times
            redis.xclaimJustId(stream, GROUP, "crashed-node", 0, XClaimParams.xClaimParams().retryCount(20),
                    read.getFirst().getID());

            GateEngine gate = new GateEngine();
            gate.open();
            try (Service service = service("data", channel, gate, Map.of("claim-idle", "1s"))) {
                await().atMost(WAIT).until(() -> service.status().jobs().getOrDefault("succeeded", 0L) == 2);
                List<BrokerKit.DeadLetter> dead = channel.deadLetters(1, WAIT);
                assertThat(dead).hasSize(1);
                assertThat(dead.getFirst().reason()).contains("delivered 20 times", "intake.in.delivery-limit");
                assertThat(new String(dead.getFirst().body(), StandardCharsets.UTF_8)).contains("Message number 0.");
                await().atMost(WAIT).until(() -> redis.xpending(stream, GROUP).getTotal() == 0);
                await("the crashed consumer, idle with nothing pending, is removed").atMost(WAIT)
                        .until(() -> redis.xinfoConsumers2(stream, GROUP).stream().map(StreamConsumerInfo::getName)
                                .noneMatch("crashed-node"::equals));
                assertThat(intake(service).deadLettered()).isEqualTo(1);
            }
        }
    }

    @Test
    void a_result_goes_to_the_reply_to_stream_and_one_that_cannot_be_added_there_is_dead_lettered() throws Exception {
        try (BrokerKit.Channel channel = kit.newChannel(); Jedis redis = Redis.server().connect()) {
            String prefix = stream(channel).substring(0, stream(channel).length() - "jobs".length());
            redis.set(prefix + "a-string", "not a stream");
            GateEngine gate = new GateEngine();
            gate.open();
            try (Service service = service("data", channel, gate, Map.of())) {
                channel.publish(List.of(
                        new BrokerKit.Message(null, job(0).body(), Map.of("reply-to", prefix + "replies")),
                        new BrokerKit.Message(null, job(1).body(), Map.of("reply-to", prefix + "a-string")),
                        job(2)));

                List<String> results = channel.results(1, WAIT);
                assertThat(results).hasSize(1);
                assertThat(Json.read(results.getFirst(), JsonNode.class).path("correlationId").asText()).isEqualTo("c-2");
                await().atMost(WAIT).until(() -> redis.xlen(prefix + "replies") == 1);
                StreamEntry reply = redis.xrange(prefix + "replies", "-", "+").getFirst();
                assertThat(reply.getFields()).containsEntry("correlation-id", "c-0").containsKey("event-id");
                List<BrokerKit.DeadLetter> dead = channel.deadLetters(1, WAIT);
                assertThat(dead.getFirst().reason()).contains("reply-to " + prefix + "a-string", "WRONGTYPE");
                assertThat(new String(dead.getFirst().body(), StandardCharsets.UTF_8)).contains("\"correlationId\":\"c-1\"");
                await().atMost(WAIT).until(() -> intake(service).published() == 2);
            }
        }
    }

    @Test
    void status_shows_the_entries_waiting_for_a_paused_service_as_lag() throws Exception {
        try (BrokerKit.Channel channel = kit.newChannel()) {
            GateEngine gate = new GateEngine();
            gate.open();
            try (Service service = service("data", channel, gate, Map.of())) {
                await().atMost(WAIT).until(() -> intake(service).connected());
                service.pause();
                // a read that was waiting when the service paused may still take what arrives in it
                Thread.sleep(1_000);
                channel.publish(jobs(0, 5));
                await().atMost(WAIT).until(() -> intake(service).lag() == 5);
                assertThat(intake(service).consuming()).isFalse();

                service.resume();
                await().atMost(WAIT).until(() -> intake(service).lag() == 0 && intake(service).accepted() == 5);
            }
        }
    }
}
