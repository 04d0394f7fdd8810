package dev.c2a.delivery;

import dev.c2a.events.Metrics;
import dev.c2a.queue.Outbox;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.webhook.Signature;
import dev.c2a.webhook.WebhookTargets;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * POSTs one sink's webhooks (per-job callbacks, or one global subscriber's), signed
 * ({@link Signature}), the batch's requests at once on virtual threads. A 2xx answer delivers it;
 * anything else (an error status, a timeout, a refused connection, an address no longer allowed) is
 * an attempt failed, tried again with backoff until {@code attempts} are spent, then failed for good.
 * Each attempt's outcome is kept on the delivery, which the job's deliveries show.
 */
final class WebhookSender implements Sender {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final String sink;
    private final String secret;
    private final Outbox outbox;
    private final ResultEvents events;
    private final WebhookTargets targets;
    private final RetryPolicy backoff;
    private final Metrics metrics;
    private final InstantSource clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** @param backoff its {@code maxAttempts} are the attempts a delivery gets */
    WebhookSender(String sink, String secret, Outbox outbox, ResultEvents events, WebhookTargets targets,
                  RetryPolicy backoff, Metrics metrics, InstantSource clock) {
        this.sink = sink;
        this.secret = secret;
        this.outbox = outbox;
        this.events = events;
        this.targets = targets;
        this.backoff = backoff;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public String sink() {
        return sink;
    }

    @Override
    public void send(List<Outbox.Delivery> due) throws InterruptedException {
        // closing the executor waits for every request
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (Outbox.Delivery d : due) {
                threads.submit(() -> sendOne(d));
            }
        }
    }

    private void sendOne(Outbox.Delivery d) {
        String error = attempt(d);
        if (error == null) {
            outbox.delivered(List.of(d.id()));
            metrics.delivery("webhook", "delivered", 1);
            return;
        }
        boolean last = d.attempts() >= backoff.maxAttempts();
        outbox.attemptFailed(d.id(), error, last ? null : backoff.delayBefore(d.attempts()));
        metrics.delivery("webhook", last ? "gave-up" : "failed", 1);
    }

    /** Null when delivered, else what went wrong, in words. */
    private String attempt(Outbox.Delivery d) {
        var refusal = targets.refusal(d.target());
        if (refusal.isPresent()) {
            return "not sent: the URL " + refusal.get();
        }
        byte[] body = events.of(d.event()).toJson().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(d.target())).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "c2a-webhook")
                .header(Signature.EVENT_ID, d.event().eventId())
                .header(Signature.TIMESTAMP, Long.toString(timestamp))
                .header(Signature.SIGNATURE, Signature.sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? null : "HTTP " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                    + e.getMessage();
        }
    }
}
