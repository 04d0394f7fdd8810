package dev.c2a.delivery;

import dev.c2a.config.Webhooks;
import dev.c2a.events.Metrics;
import dev.c2a.intake.ResultPublisher;
import dev.c2a.job.Reply;
import dev.c2a.job.Transition;
import dev.c2a.queue.Outbox;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.webhook.WebhookTargets;
import dev.c2a.worker.JobObserver;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes the outbox's events to where they must go. One loop dispatches each new event into its
 * deliveries — the results of the intake adapter the job came from, the job's callback URL, every
 * global webhook that wants its kind — and one loop per sink sends what is due. A job finishing on
 * this node nudges the loops, so an event leaves within milliseconds; events of other nodes are
 * found within a second. Every node may run a relay: the outbox hands each event and each delivery
 * to one of them at a time.
 */
public final class Relay implements JobObserver, AutoCloseable {
    /** How long a sender holds the deliveries it took before another may take them again. */
    private static final Duration HOLD = Duration.ofSeconds(60);
    private static final Duration IDLE = Duration.ofSeconds(1);
    /**
     * How long the dispatcher waits after a nudge before it dispatches: the events of jobs finishing
     * meanwhile go in the same transaction. why: one dispatch per finished job cost the ledger's one
     * writer a transaction each.
     */
    private static final Duration SETTLE = Duration.ofMillis(20);
    private static final int BATCH = 200;
    /** The sink of per-job callbacks. */
    public static final String CALLBACK = "callback";
    /** Broker results are retried until the broker takes them: backoff up to 30 s, no last attempt. */
    private static final RetryPolicy RESULTS_BACKOFF = new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(500),
            Duration.ofSeconds(30), 1);

    private final Outbox outbox;
    private final Set<String> adapters;
    private final Map<String, ResultPublisher> publishers;
    private final List<Webhooks.Subscriber> webhooks;
    private final boolean callbacks;
    private final List<Loop> senders = new ArrayList<>();
    private final Loop dispatcher;

    /**
     * @param adapters   the names of this node's intake adapters
     * @param publishers the result publishers of those that publish results, by name
     */
    public Relay(Outbox outbox, Set<String> adapters, Map<String, ResultPublisher> publishers, Webhooks settings,
                 Metrics metrics, InstantSource clock) {
        this.outbox = outbox;
        this.adapters = Set.copyOf(adapters);
        this.publishers = Map.copyOf(publishers);
        this.webhooks = List.copyOf(settings.subscribers());
        this.callbacks = settings.secret() != null;
        ResultEvents events = new ResultEvents(settings.publicUrl());
        WebhookTargets targets = new WebhookTargets(settings.allowPrivate(), true);
        RetryPolicy webhookBackoff = new RetryPolicy(settings.attempts(), settings.retryBase(), Duration.ofMinutes(10), 1);
        List<Sender> all = new ArrayList<>();
        publishers.forEach((name, p) -> all.add(new ResultSender(name, p, outbox, events, RESULTS_BACKOFF, metrics)));
        if (callbacks) {
            all.add(new WebhookSender(CALLBACK, settings.secret(), outbox, events, targets, webhookBackoff, metrics,
                    clock));
        }
        for (Webhooks.Subscriber w : webhooks) {
            all.add(new WebhookSender(w.sink(), w.secret(), outbox, events, targets, webhookBackoff, metrics, clock));
        }
        for (Sender s : all) {
            senders.add(new Loop("c2a-relay-" + s.sink(), IDLE, Duration.ZERO, () -> {
                List<Outbox.Delivery> due = outbox.take(s.sink(), BATCH, HOLD);
                if (due.isEmpty()) {
                    return false;
                }
                s.send(due);
                return true;
            }));
        }
        this.dispatcher = new Loop("c2a-relay", IDLE, SETTLE, this::dispatch);
    }

    private boolean dispatch() {
        int dispatched = outbox.dispatch(BATCH, this::route);
        if (dispatched > 0) {
            senders.forEach(Loop::nudge);
        }
        return dispatched == BATCH;
    }

    /** Where one event must go. */
    List<Outbox.Target> route(Outbox.Event e) {
        List<Outbox.Target> to = new ArrayList<>(2);
        Reply r = e.reply();
        // another node may run the adapter this node does not: only an adapter known here to publish nothing is skipped
        if (r != null && r.source() != null && !(adapters.contains(r.source()) && !publishers.containsKey(r.source()))) {
            to.add(new Outbox.Target(ResultSender.sinkOf(r.source()), null));
        }
        if (r != null && r.callbackUrl() != null && callbacks) {
            to.add(new Outbox.Target(CALLBACK, r.callbackUrl()));
        }
        for (Webhooks.Subscriber w : webhooks) {
            if (w.states().contains(e.state())) {
                to.add(new Outbox.Target(w.sink(), w.url()));
            }
        }
        return to;
    }

    public void start() {
        dispatcher.start();
        senders.forEach(Loop::start);
    }

    /** A job finished here: its event may go now. */
    @Override
    public void moved(Transition transition, Attempt attempt) {
        if (transition.to().isFinal()) {
            dispatcher.nudge();
        }
    }

    @Override
    public void close() {
        dispatcher.close();
        senders.forEach(Loop::close);
    }
}
