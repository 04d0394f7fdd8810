package dev.c2a.delivery;

import dev.c2a.config.Webhooks;
import dev.c2a.events.Metrics;
import dev.c2a.intake.ResultEvent;
import dev.c2a.intake.ResultPublisher;
import dev.c2a.job.JobResult;
import dev.c2a.job.Reply;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.Outbox;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.queue.memory.InMemoryJobQueue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.c2a.testing.Specs.aSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay's routing and sending, on the in-memory queue with a publisher of the test's own that
 * refuses what a broker would refuse (a reply-to it does not have): the real brokers' sides are
 * in the intake contract.
 */
class RelayTest {
    private final JobQueue queue = new InMemoryJobQueue(InstantSource.system(), RetryPolicy.defaults());
    private final List<ResultEvent> published = new CopyOnWriteArrayList<>();

    /** Takes every event but those to the reply-to "missing", as a broker without that topic would. */
    private final ResultPublisher broker = events -> {
        for (ResultEvent e : events) {
            if ("missing".equals(e.replyTo())) {
                throw new IllegalStateException("topic missing does not exist");
            }
        }
        published.addAll(events);
    };

    private void finish(String replyTo, String source) {
        queue.enqueueMessages(List.of(new JobQueue.Message(source, "m-" + System.nanoTime(),
                aSpec("x").withReply(new Reply(source, null, null, replyTo, null)))));
        queue.complete(queue.claim("w", Duration.ofSeconds(30)).orElseThrow(),
                new JobResult("x.wav", 1, 1, 22050, "wav", 1, null, null, null));
    }

    @Test
    void an_event_the_broker_refuses_waits_with_its_own_backoff_while_the_others_go() {
        finish("missing", "orders");
        for (int i = 0; i < 5; i++) {
            finish(null, "orders");
        }
        try (Relay relay = new Relay(queue.outbox(), Set.of("orders"), Map.of("orders", broker),
                new Webhooks(null, null, false, 3, Duration.ofSeconds(1), List.of()), new Metrics(),
                InstantSource.system())) {
            relay.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 5);
            Outbox.Delivery stuck = queue.outbox().deliveriesOf(queue.outbox().after(0, 1).getFirst().jobId())
                    .getFirst();
            assertThat(stuck.state()).isEqualTo(Outbox.Delivery.PENDING);
            assertThat(stuck.lastError()).contains("missing does not exist");
        }
    }

    @Test
    void results_go_to_the_adapter_the_job_came_from_even_one_this_node_does_not_run() {
        Relay relay = new Relay(queue.outbox(), Set.of("orders", "silent"), Map.of("orders", broker),
                new Webhooks(null, null, false, 3, Duration.ofSeconds(1), List.of()), new Metrics(),
                InstantSource.system());
        Outbox.Event base = new Outbox.Event(1, "e", "j", dev.c2a.job.JobState.SUCCEEDED, java.time.Instant.now(),
                null, null, null, null);
        assertThat(relay.route(base)).isEmpty();
        assertThat(relay.route(withSource(base, "orders"))).containsExactly(new Outbox.Target("results:orders", null));
        assertThat(relay.route(withSource(base, "silent"))).as("an adapter here that publishes nothing").isEmpty();
        assertThat(relay.route(withSource(base, "elsewhere"))).as("another node's adapter")
                .containsExactly(new Outbox.Target("results:elsewhere", null));
        relay.close();
    }

    private static Outbox.Event withSource(Outbox.Event e, String source) {
        return new Outbox.Event(e.seq(), e.eventId(), e.jobId(), e.state(), e.at(), null, null, null,
                new Reply(source, null, null, null, null));
    }
}
