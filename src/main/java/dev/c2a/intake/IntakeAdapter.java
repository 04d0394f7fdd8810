package dev.c2a.intake;

import java.util.Optional;

/**
 * Takes jobs in from one broker (RabbitMQ, Kafka, Redis Streams), as configured under
 * {@code intake.<name>.*}. Started and closed with the service; in between it connects, reconnects
 * with backoff when its broker goes away, consumes only while {@link Intake#room()} allows, and
 * acknowledges a message only after {@link Intake#accept} returned it accepted (mode
 * {@code on-accept}) or after its job finished (mode {@code on-result}).
 *
 * <p>Every adapter passes {@code IntakeAdapterContract} against its real broker.
 */
public interface IntakeAdapter extends AutoCloseable {

    /** The name in its settings ({@code intake.<name>.*}): the inbox's source. */
    String name();

    /** Starts consuming on threads of its own and returns at once; the broker need not be up. */
    void start(Intake intake);

    /** Connected or not, lag, counts, the last error: for status. Never blocks on the broker. */
    AdapterStatus status();

    /** Where this adapter publishes result events, if it does. */
    Optional<ResultPublisher> results();

    /** Stops consuming, acknowledges nothing more, closes its connections. */
    @Override
    void close();
}
