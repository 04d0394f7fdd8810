package dev.c2a.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.api.InvalidRequestException;
import dev.c2a.api.JobRequest;
import dev.c2a.json.Json;
import dev.c2a.testing.Http;
import dev.c2a.webhook.Signature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks against a real HTTP receiver in this test: each request's signature checked as a
 * receiver would check it, errors answered on purpose to see the retries, and the job's deliveries
 * read over the API.
 */
class WebhookTest {
    private static final String SECRET = "a-secret-of-sixteen-or-more";
    @TempDir
    Path dir;
    private HttpServer receiver;
    /** Requests whose signature verified, as {eventId, body}. */
    private final List<JsonNode> verified = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger failFirst = new AtomicInteger();
    private C2aServer server;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean ok = Signature.verify(SECRET, exchange.getRequestHeaders().getFirst(Signature.TIMESTAMP),
                    exchange.getRequestHeaders().getFirst(Signature.SIGNATURE), body, Instant.now(),
                    Duration.ofMinutes(5));
            int status;
            if (!ok) {
                refused.incrementAndGet();
                status = 401;
            } else if (failFirst.getAndDecrement() > 0) {
                status = 500;
            } else {
                JsonNode event = Json.read(new String(body, StandardCharsets.UTF_8), JsonNode.class);
                assertThat(exchange.getRequestHeaders().getFirst(Signature.EVENT_ID))
                        .isEqualTo(event.path("eventId").asText());
                verified.add(event);
                status = 204;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        receiver.stop(0);
    }

    private String hook() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private C2aServer start(boolean allowPrivate, String... more) {
        C2a.Builder b = C2a.builder().dataDir(dir).port(0).workers(1).engine("noop").set("webhook-secret", SECRET)
                .set("webhook-allow-private", Boolean.toString(allowPrivate)).set("webhook-retry-base", "100ms")
                .set("webhook-attempts", "3");
        for (int i = 0; i < more.length; i += 2) {
            b.set(more[i], more[i + 1]);
        }
        server = b.start();
        return server;
    }

    private static JobRequest withCallback(String text, String url) {
        return new JobRequest(text, null, null, null, null, null, null, null, null, url, "corr-1");
    }

    @Test
    void a_callback_is_signed_retried_after_500s_and_its_attempts_are_shown_on_the_job() {
        start(true);
        failFirst.set(2);
        String id = server.service().submit(withCallback("Hello there.", hook())).job().id();

        await().atMost(Duration.ofSeconds(30)).until(() -> verified.size() == 1);
        JsonNode event = verified.getFirst();
        assertThat(event.path("jobId").asText()).isEqualTo(id);
        assertThat(event.path("type").asText()).isEqualTo("job.succeeded");
        assertThat(event.path("correlationId").asText()).isEqualTo("corr-1");
        assertThat(event.path("audioUrl").asText()).isEqualTo("/v1/jobs/" + id + "/audio");
        assertThat(refused.get()).as("every request was signed").isZero();

        JsonNode deliveries = new Http(server.url()).get("/v1/jobs/" + id + "/deliveries").json().path("deliveries");
        assertThat(deliveries).hasSize(1);
        assertThat(deliveries.get(0).path("state").asText()).isEqualTo("delivered");
        assertThat(deliveries.get(0).path("attempts").asInt()).isEqualTo(3);
        assertThat(deliveries.get(0).path("sink").asText()).isEqualTo("callback");
        assertThat(deliveries.get(0).path("eventId").asText()).isEqualTo(event.path("eventId").asText());
        assertThat(new Http(server.url()).get("/v1/jobs/" + id).json().path("reply").path("callbackUrl").asText())
                .isEqualTo(hook());
    }

    @Test
    void a_receiver_that_keeps_failing_fails_the_delivery_for_good_with_its_last_error() {
        start(true);
        failFirst.set(100);
        String id = server.service().submit(withCallback("Hello.", hook())).job().id();

        await().atMost(Duration.ofSeconds(30)).until(() -> server.service().deliveries(id).stream()
                .anyMatch(d -> d.state().equals("failed")));
        var d = server.service().deliveries(id).getFirst();
        assertThat(d.attempts()).isEqualTo(3);
        assertThat(d.lastError()).isEqualTo("HTTP 500");
        assertThat(d.nextAttemptAt()).isNull();
        assertThat(verified).isEmpty();
    }

    @Test
    void a_global_subscriber_hears_only_the_states_it_asked_for() {
        start(true, "webhook.audit.url", hook(), "webhook.audit.events", "cancelled");
        server.service().pause();
        String kept = server.service().submit(JobRequest.ofText("Kept.")).job().id();
        String cancelled = server.service().submit(JobRequest.ofText("Cancelled.")).job().id();
        server.service().cancel(cancelled);
        server.service().resume();

        await().atMost(Duration.ofSeconds(30)).until(() -> server.service().job(kept).state().isFinal());
        await().atMost(Duration.ofSeconds(30)).until(() -> verified.size() == 1);
        assertThat(verified.getFirst().path("jobId").asText()).isEqualTo(cancelled);
        assertThat(verified.getFirst().path("type").asText()).isEqualTo("job.cancelled");
    }

    @Test
    void a_private_or_loopback_callback_is_refused_unless_allowed_and_none_without_a_secret() {
        start(false);
        assertThatThrownBy(() -> server.service().submit(withCallback("x", hook())))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("resolves to 127.0.0.1, a private or local address")
                .hasMessageContaining("webhook-allow-private");
        assertThatThrownBy(() -> server.service().submit(withCallback("x", "http://10.1.2.3/h")))
                .hasMessageContaining("10.1.2.3");
        assertThatThrownBy(() -> server.service().submit(withCallback("x", "http://169.254.169.254/latest")))
                .hasMessageContaining("169.254.169.254");
        assertThatThrownBy(() -> server.service().submit(withCallback("x", "file:///etc/passwd")))
                .hasMessageContaining("http or https");
        var answer = new Http(server.url()).post("/v1/jobs", "{\"text\": \"x\", \"callbackUrl\": \"" + hook() + "\"}");
        assertThat(answer.status()).isEqualTo(422);
        server.close();
        server = C2a.builder().dataDir(dir.resolve("other")).port(0).workers(1).engine("noop").start();
        assertThatThrownBy(() -> server.service().submit(withCallback("x", "https://example.com/h")))
                .hasMessageContaining("webhook-secret");
    }
}
