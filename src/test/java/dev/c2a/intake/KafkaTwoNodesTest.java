package dev.c2a.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.json.Json;
import dev.c2a.service.Service;
import dev.c2a.testing.Kafka;
import dev.c2a.testing.Postgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two c2a nodes on one PostgreSQL ledger in one consumer group: the second joining mid-stream takes
 * partitions from the first (a rebalance under load), and every message still makes one job and one
 * result event; records the first had taken but not committed come to the second, whose inbox (the
 * shared one) finds their jobs.
 */
@Tag(Kafka.TAG)
@Tag(Postgres.TAG)
@Tag("slow")
class KafkaTwoNodesTest {
    private static final Duration LONG = Duration.ofMinutes(3);
    private static final int MESSAGES = 600;

    @TempDir
    Path dir;

    private Service node(Postgres.Database db, BrokerKit.Channel channel, String id) {
        C2a.Builder b = C2a.builder().dataDir(dir.resolve(id)).workers(2).engine("noop")
                .set("queue", "postgres").set("database-url", db.url()).set("node-id", id);
        channel.settings().forEach((k, v) -> b.set("intake.in." + k, v));
        return b.open();
    }

    private static long succeeded(Service s) {
        return s.status().jobs().getOrDefault("succeeded", 0L);
    }

    @Test
    void a_node_joining_mid_stream_takes_partitions_and_every_message_still_makes_one_job() throws Exception {
        try (Postgres.Database db = Postgres.newDatabase(); KafkaKit.KafkaChannel channel = new KafkaKit().newChannel(3)) {
            channel.publish(IntakeAdapterContract.jobs(0, MESSAGES));
            int[] published = {MESSAGES};
            try (Service a = node(db, channel, "a")) {
                await().atMost(LONG).until(() -> succeeded(a) >= 100);
                try (Service b = node(db, channel, "b")) {
                    // why more messages until b takes some: node a may finish the first ones before the
                    // group's rebalance gives b its partitions (it did on a loaded CI machine)
                    await().atMost(LONG).until(() -> {
                        channel.publish(IntakeAdapterContract.jobs(published[0], 20));
                        published[0] += 20;
                        return b.status().intake().getFirst().accepted() > 0;
                    });
                    int total = published[0];
                    await().atMost(LONG).until(() -> succeeded(b) == total);
                    var inA = a.status().intake().getFirst();
                    var inB = b.status().intake().getFirst();
                    assertThat(inB.accepted() + inB.duplicates()).as("the second node got partitions").isPositive();
                    assertThat(inA.accepted() + inB.accepted()).as("one job per message").isEqualTo(total);
                    assertThat(b.status().jobs().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total);

                    List<String> events = channel.results(total, LONG);
                    Set<String> eventIds = new HashSet<>();
                    Set<String> correlations = new HashSet<>();
                    for (String e : events) {
                        JsonNode n = Json.read(e, JsonNode.class);
                        eventIds.add(n.path("eventId").asText());
                        correlations.add(n.path("correlationId").asText());
                    }
                    assertThat(eventIds).hasSize(total);
                    assertThat(correlations).hasSize(total);
                }
            }
        }
    }
}
