package dev.c2a.intake.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import dev.c2a.config.IntakeSettings;
import dev.c2a.intake.Backoff;
import dev.c2a.intake.Inbound;
import dev.c2a.intake.Intake;
import dev.c2a.intake.Intake.Outcome;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One connection's life as a consumer: declares the queues, consumes while {@link Intake#room()}
 * allows, hands what arrived to {@link Intake#accept} in batches and settles each message only after
 * that returned. Driven by {@link #step()} from the adapter's one consuming thread, which alone
 * touches the channels.
 *
 * <p>Backpressure is the {@link Subscription}'s: it takes no more than room allows.
 */
final class ConsumerSession implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration HELD_CHECK = Duration.ofSeconds(1);
    private static final Duration LAG_CHECK = Duration.ofSeconds(2);
    /** The most one consumer may hold: room is a few per worker, this bounds a miscount's memory. */
    static final int MAX_PREFETCH = 1000;

    private final RabbitMqSettings settings;
    private final Intake intake;
    private final StatusBoard status;
    private final Clock clock;
    private final Connection connection;
    private final Channel channel;
    private final DeadLetters deadLetters;
    private final Subscription subscription;
    /** Delivered and not yet accepted: kept across a failed accept, which is tried again with them. */
    private final List<Delivery> pending = new ArrayList<>();
    private final HeldDeliveries held = new HeldDeliveries();
    private final Backoff acceptBackoff;
    private Instant acceptAgainAt = Instant.MIN;
    private Instant heldCheckAt = Instant.MIN;
    private Instant lagCheckAt = Instant.MIN;

    private ConsumerSession(RabbitMqSettings settings, Intake intake, StatusBoard status, Clock clock,
                            Connection connection) throws IOException {
        this.settings = settings;
        this.intake = intake;
        this.status = status;
        this.clock = clock;
        this.connection = connection;
        this.acceptBackoff = new Backoff(Duration.ofMillis(200), settings.reconnectMax());
        this.channel = connection.createChannel();
        this.subscription = new Subscription(channel, settings.queue());
        this.deadLetters = new DeadLetters(connection.createChannel(), settings.deadLetterQueue());
    }

    /** Opens its channels on the connection and declares the queues; the connection is the session's from then on. */
    static ConsumerSession open(RabbitMqSettings settings, Intake intake, StatusBoard status, Clock clock,
                                Connection connection) throws IOException {
        ConsumerSession session;
        try {
            session = new ConsumerSession(settings, intake, status, clock, connection);
            session.declare();
        } catch (IOException | RuntimeException e) {
            RabbitMqConnections.closeQuietly(connection);
            throw e;
        }
        return session;
    }

    /**
     * The job queue is a durable quorum queue whose messages the broker itself dead-letters after
     * {@code delivery-limit} deliveries: a backstop for a message that brings its consumer down
     * before c2a could refuse it, which would otherwise bounce forever.
     */
    private void declare() throws IOException {
        declare("dead-letter-queue", settings.deadLetterQueue(), Map.of("x-queue-type", "quorum"));
        // here too, not only on the first result: a reader may subscribe before any job finished
        declare("results-queue", settings.resultsQueue(), Map.of("x-queue-type", "quorum"));
        declare("queue", settings.queue(), Map.of("x-queue-type", "quorum",
                "x-delivery-limit", settings.deliveryLimit(),
                "x-dead-letter-exchange", "",
                "x-dead-letter-routing-key", settings.deadLetterQueue()));
    }

    private void declare(String key, String queue, Map<String, Object> arguments) throws IOException {
        try {
            channel.queueDeclare(queue, true, false, false, arguments);
        } catch (IOException e) {
            throw new IOException("declaring the queue '" + queue + "' (intake." + settings.name() + "." + key
                    + ") failed: " + RabbitMqConnections.describe(e), e);
        }
    }

    boolean isOpen() {
        return channel.isOpen() && connection.isOpen();
    }

    /** Why the broker closed the channel or connection (a consumer timeout says so here). */
    String whyClosed() {
        var reason = channel.isOpen() ? connection.getCloseReason() : channel.getCloseReason();
        return reason == null ? "the connection closed" : RabbitMqConnections.describe(reason);
    }

    /** One round: waits up to 200 ms for deliveries, follows room, accepts, settles finished jobs, reads lag. */
    void step() throws IOException, InterruptedException, TimeoutException {
        subscription.drainTo(pending, POLL);
        int room = Math.min(intake.room(), MAX_PREFETCH);
        status.consuming(subscription.follow(room, pending.size()));
        Instant now = clock.instant();
        if (!pending.isEmpty() && room > 0 && !now.isBefore(acceptAgainAt)) {
            accept(Math.min(room, pending.size()));
        }
        if (settings.mode() == IntakeSettings.Mode.ON_RESULT && !now.isBefore(heldCheckAt)) {
            for (long tag : held.finished(intake)) {
                channel.basicAck(tag, false);
            }
            heldCheckAt = now.plus(HELD_CHECK);
        }
        if (!now.isBefore(lagCheckAt)) {
            status.lag(channel.queueDeclarePassive(settings.queue()).getMessageCount());
            lagCheckAt = now.plus(LAG_CHECK);
        }
    }

    private void accept(int count) throws IOException, InterruptedException, TimeoutException {
        List<Delivery> batch = List.copyOf(pending.subList(0, count));
        List<Inbound> messages = new ArrayList<>(count);
        for (Delivery d : batch) {
            Inbound message = InboundMessages.of(d, settings.messageIdHeader());
            if (message != null) {
                messages.add(message);
            }
        }
        List<Outcome> outcomes;
        try {
            outcomes = messages.isEmpty() ? List.of() : intake.accept(settings.name(), messages);
        } catch (RuntimeException e) {
            // nothing was accepted: the broker keeps the messages and the same ones are offered again
            Duration wait = acceptBackoff.next();
            acceptAgainAt = clock.instant().plus(wait);
            status.failed("accepting " + messages.size() + " message(s) failed, trying again in "
                    + wait.toMillis() + " ms: " + e.getMessage());
            return;
        }
        if (outcomes.size() != messages.size()) {
            throw new IllegalStateException("the intake answered " + outcomes.size() + " outcomes for "
                    + messages.size() + " messages");
        }
        acceptBackoff.reset();
        acceptAgainAt = Instant.MIN;
        pending.subList(0, count).clear();
        settle(batch, outcomes);
        status.succeeded();
    }

    /**
     * Acknowledges the accepted (mode on-accept) or holds them (on-result); dead-letters the refused,
     * in delivery order, and acknowledges each only once the broker confirmed its copy.
     */
    private void settle(List<Delivery> batch, List<Outcome> outcomes)
            throws IOException, InterruptedException, TimeoutException {
        List<Long> acks = new ArrayList<>();
        List<DeadLetters.Refusal> refused = new ArrayList<>();
        int next = 0;
        for (Delivery d : batch) {
            long tag = d.getEnvelope().getDeliveryTag();
            if (InboundMessages.of(d, settings.messageIdHeader()) == null) {
                refused.add(new DeadLetters.Refusal(d, InboundMessages.missingIdReason(settings.messageIdHeader())));
                continue;
            }
            switch (outcomes.get(next++)) {
                case Outcome.Accepted a -> {
                    status.accepted(a.created());
                    if (settings.mode() == IntakeSettings.Mode.ON_RESULT) {
                        held.hold(tag, a.jobId());
                    } else {
                        acks.add(tag);
                    }
                }
                case Outcome.Refused r -> refused.add(new DeadLetters.Refusal(d, r.reason()));
            }
        }
        deadLetters.publish(refused);
        for (DeadLetters.Refusal r : refused) {
            acks.add(r.delivery().getEnvelope().getDeliveryTag());
        }
        status.deadLettered(refused.size());
        for (long tag : acks) {
            channel.basicAck(tag, false);
        }
        if (settings.mode() == IntakeSettings.Mode.ON_RESULT) {
            // a redelivery whose job is already done needs no wait for the next check
            heldCheckAt = Instant.MIN;
        }
    }

    /** Stops consuming; what is not acknowledged goes back to the queue when the connection closes. */
    @Override
    public void close() {
        status.consuming(false);
        RabbitMqConnections.closeQuietly(connection);
    }
}
