package dev.c2a.intake.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.c2a.intake.ResultEvent;
import dev.c2a.intake.ResultPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Publishes result events with publisher confirms, on a connection of its own (opened on first use,
 * again after it failed): a consumer connection that the broker blocks or closes does not hold the
 * results back, nor the other way round. Each event goes to its {@code replyTo} queue through the
 * default exchange when it has one, else to the {@code results-queue} (declared here); message-id is
 * the event id, correlation-id the producer's.
 */
final class RabbitMqResults implements ResultPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqResults.class);
    private static final Duration CONFIRM_WAIT = Duration.ofSeconds(30);

    private final RabbitMqSettings settings;
    private final RabbitMqConnections connections;
    private final StatusBoard status;
    private Connection connection;
    private Channel channel;
    private boolean closed;

    RabbitMqResults(RabbitMqSettings settings, RabbitMqConnections connections, StatusBoard status) {
        this.settings = settings;
        this.connections = connections;
        this.status = status;
    }

    @Override
    public synchronized void publish(List<ResultEvent> events) throws IOException, InterruptedException, TimeoutException {
        if (closed) {
            throw new IOException("intake " + settings.name() + " is closed");
        }
        if (events.isEmpty()) {
            return;
        }
        try {
            Channel ch = channel();
            for (ResultEvent e : events) {
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                        .messageId(e.eventId())
                        .correlationId(e.correlationId())
                        .contentType("application/json")
                        .type(e.type())
                        .deliveryMode(2)
                        .headers(Map.of("job-id", e.jobId()))
                        .build();
                String queue = e.replyTo() == null || e.replyTo().isBlank() ? settings.resultsQueue() : e.replyTo();
                // mandatory: a reply-to naming no queue comes back (logged) instead of vanishing unseen
                ch.basicPublish("", queue, true, props, e.toJson().getBytes(StandardCharsets.UTF_8));
            }
            ch.waitForConfirmsOrDie(CONFIRM_WAIT.toMillis());
        } catch (IOException | TimeoutException | RuntimeException e) {
            String reason = "publishing " + events.size() + " result event(s) failed: " + RabbitMqConnections.describe(e);
            status.failed(reason);
            disconnect();
            throw new IOException(reason, e);
        }
        status.published(events.size());
    }

    private Channel channel() throws IOException, TimeoutException {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        disconnect();
        connection = connections.open("results");
        Channel ch = connection.createChannel();
        ch.queueDeclare(settings.resultsQueue(), true, false, false, Map.of("x-queue-type", "quorum"));
        ch.confirmSelect();
        ch.addReturnListener(r -> {
            String message = "a result event (" + r.getProperties().getMessageId() + ") could not be routed to the queue '"
                    + r.getRoutingKey() + "': " + r.getReplyText();
            status.failed(message);
            LOG.warn("intake {}: {}", settings.name(), message);
        });
        channel = ch;
        return ch;
    }

    /** Closes the connection for good: the adapter closed. */
    synchronized void close() {
        closed = true;
        disconnect();
    }

    private void disconnect() {
        if (connection != null) {
            RabbitMqConnections.closeQuietly(connection);
        }
        connection = null;
        channel = null;
    }
}
