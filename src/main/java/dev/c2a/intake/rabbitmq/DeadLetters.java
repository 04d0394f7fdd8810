package dev.c2a.intake.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Publishes refused messages to the dead-letter queue on a channel in confirm mode: the body and
 * properties as they came, the reason in the header {@code x-c2a-reason}. The original may be
 * acknowledged only once {@link #publish} returned (the broker holds the copy).
 */
final class DeadLetters {
    /** The header that carries why c2a refused the message. */
    static final String REASON = "x-c2a-reason";
    private static final Duration CONFIRM_WAIT = Duration.ofSeconds(30);

    private final Channel channel;
    private final String queue;

    DeadLetters(Channel channel, String queue) throws IOException {
        this.channel = channel;
        this.queue = queue;
        channel.confirmSelect();
    }

    record Refusal(Delivery delivery, String reason) {
    }

    /** Returns once the broker confirmed every copy; throws when it refused one or did not answer in time. */
    void publish(List<Refusal> refusals) throws IOException, InterruptedException, TimeoutException {
        if (refusals.isEmpty()) {
            return;
        }
        for (Refusal r : refusals) {
            AMQP.BasicProperties props = r.delivery.getProperties();
            Map<String, Object> headers = props.getHeaders() == null ? new HashMap<>() : new HashMap<>(props.getHeaders());
            headers.put(REASON, r.reason);
            channel.basicPublish("", queue, false, props.builder().headers(headers).deliveryMode(2).build(),
                    r.delivery.getBody());
        }
        channel.waitForConfirmsOrDie(CONFIRM_WAIT.toMillis());
    }
}
