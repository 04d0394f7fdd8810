package dev.c2a.delivery;

import dev.c2a.events.Metrics;
import dev.c2a.intake.ResultEvent;
import dev.c2a.intake.ResultPublisher;
import dev.c2a.queue.Outbox;
import dev.c2a.queue.RetryPolicy;

import java.util.List;

/**
 * Publishes one intake adapter's result events to its broker, a batch at a time, in the order they
 * happened. A batch the broker did not confirm is tried again with backoff, for as long as it takes:
 * while the broker is down, the events wait in the outbox.
 */
final class ResultSender implements Sender {
    private final String adapter;
    private final ResultPublisher publisher;
    private final Outbox outbox;
    private final ResultEvents events;
    private final RetryPolicy backoff;
    private final Metrics metrics;

    ResultSender(String adapter, ResultPublisher publisher, Outbox outbox, ResultEvents events, RetryPolicy backoff,
                 Metrics metrics) {
        this.adapter = adapter;
        this.publisher = publisher;
        this.outbox = outbox;
        this.events = events;
        this.backoff = backoff;
        this.metrics = metrics;
    }

    /** The sink of an adapter's results. */
    static String sinkOf(String adapter) {
        return "results:" + adapter;
    }

    @Override
    public String sink() {
        return sinkOf(adapter);
    }

    /**
     * The batch at once; when the broker refuses it, each event alone, so that one it will not take
     * (a reply-to that does not exist) waits with its own backoff while the others go. The first two
     * events failing alone stop that: the broker is away, and the rest wait too.
     */
    @Override
    public void send(List<Outbox.Delivery> due) {
        try {
            publisher.publish(due.stream().map(d -> events.of(d.event())).toList());
            outbox.delivered(due.stream().map(Outbox.Delivery::id).toList());
            metrics.delivery("results", "delivered", due.size());
            return;
        } catch (Exception e) {
            if (due.size() == 1) {
                failed(due, e);
                return;
            }
        }
        boolean any = false;
        for (int i = 0; i < due.size(); i++) {
            Outbox.Delivery d = due.get(i);
            try {
                publisher.publish(List.of(events.of(d.event())));
                outbox.delivered(List.of(d.id()));
                metrics.delivery("results", "delivered", 1);
                any = true;
            } catch (Exception e) {
                boolean away = !any && i >= 1;
                failed(away ? due.subList(i, due.size()) : List.of(d), e);
                if (away) {
                    return;
                }
            }
        }
    }

    private void failed(List<Outbox.Delivery> due, Exception e) {
        String error = e.getMessage() == null ? e.toString() : e.getMessage();
        for (Outbox.Delivery d : due) {
            outbox.attemptFailed(d.id(), error, backoff.delayBefore(d.attempts()));
        }
        metrics.delivery("results", "failed", due.size());
    }
}
