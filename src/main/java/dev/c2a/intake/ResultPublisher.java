package dev.c2a.intake;

import java.util.List;

/**
 * Publishes result events to a broker: the adapter's configured exchange, topic or stream, or an
 * event's own {@link ResultEvent#replyTo()} where the broker allows one. Called by the relay on one
 * thread, with events in the order they happened.
 */
public interface ResultPublisher {

    /**
     * Returns once the broker confirmed every event (publisher confirms, an idempotent producer's
     * acknowledgements, an XADD's reply). When it throws, none is counted delivered and all are tried
     * again later; the broker may then see some twice, each time with the same {@link ResultEvent#eventId()}.
     */
    void publish(List<ResultEvent> events) throws Exception;
}
