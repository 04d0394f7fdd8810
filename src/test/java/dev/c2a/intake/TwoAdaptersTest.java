package dev.c2a.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.json.Json;
import dev.c2a.service.Service;
import dev.c2a.testing.Redis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Several adapters in one service: each takes its own messages in and gets its own jobs' events. */
@Tag(Redis.TAG)
@Tag("slow")
class TwoAdaptersTest {
    @TempDir
    Path dir;

    @Test
    void two_adapters_take_in_their_own_messages_and_publish_their_own_jobs_results() throws Exception {
        RedisKit kit = new RedisKit();
        try (BrokerKit.Channel orders = kit.newChannel(); BrokerKit.Channel news = kit.newChannel()) {
            C2a.Builder b = C2a.builder().dataDir(dir).workers(2).engine("noop");
            orders.settings().forEach((k, v) -> b.set("intake.orders." + k, v));
            news.settings().forEach((k, v) -> b.set("intake.news." + k, v));
            try (Service service = b.open()) {
                orders.publish(List.of(message("order")));
                news.publish(List.of(message("news 1"), message("news 2")));

                await().atMost(Duration.ofMinutes(1)).until(() ->
                        service.status().jobs().getOrDefault("succeeded", 0L) == 3);
                assertThat(sources(orders.results(1, Duration.ofSeconds(30)))).containsExactly("orders");
                assertThat(sources(news.results(2, Duration.ofSeconds(30)))).containsExactly("news", "news");
                assertThat(service.status().intake()).extracting(i -> i.name() + " " + i.accepted())
                        .containsExactlyInAnyOrder("orders 1", "news 2");
            }
        }
    }

    private static BrokerKit.Message message(String text) {
        return new BrokerKit.Message(text, ("{\"text\": \"" + text + ".\"}").getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static List<String> sources(List<String> events) {
        return events.stream().map(e -> Json.read(e, JsonNode.class).path("source").asText()).toList();
    }
}
