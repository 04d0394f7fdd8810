package dev.c2a.queue.memory;

import dev.c2a.job.JobIds;
import dev.c2a.queue.Outbox;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The in-memory queue's {@link Outbox}, under the queue's own lock, so that an event is written in
 * the same step as its move, as the SQL queue writes it in the same transaction.
 */
final class MemoryOutbox implements Outbox {
    private final UnderLock lock;
    private final InstantSource clock;
    private final TreeMap<Long, Event> events = new TreeMap<>();
    private final Map<Long, Boolean> dispatched = new HashMap<>();
    private final TreeMap<Long, Delivery> deliveries = new TreeMap<>();
    /** Inbox rows by source and message id, the first received first. */
    private final Map<String, InboxRow> inbox = new LinkedHashMap<>();
    private long lastEvent;
    private long lastDelivery;

    MemoryOutbox(UnderLock lock, InstantSource clock) {
        this.lock = lock;
        this.clock = clock;
    }

    /** Called under the queue's lock by the move that finished a job. */
    void record(Event e) {
        long seq = ++lastEvent;
        events.put(seq, new Event(seq, "ev_" + JobIds.next(clock), e.jobId(), e.state(), e.at(), e.error(), e.format(),
                e.durationSeconds(), e.reply()));
        dispatched.put(seq, false);
    }

    private record InboxRow(String jobId, Instant at) {
    }

    /** Called under the queue's lock when a message's inbox row is written. */
    void received(String key, String jobId, Instant at) {
        inbox.put(key, new InboxRow(jobId, at));
    }

    /** Called under the queue's lock: the job a message made, or null when it has no row. */
    String inboxJob(String key) {
        InboxRow row = inbox.get(key);
        return row == null ? null : row.jobId();
    }

    /** Called under the queue's lock when a batch is undone. */
    void forget(String key) {
        inbox.remove(key);
    }

    @Override
    public List<Event> after(long seq, int limit) {
        return lock.locked(() -> events.tailMap(seq, false).values().stream().limit(limit).toList());
    }

    @Override
    public long lastSeq() {
        return lock.locked(() -> events.isEmpty() ? 0L : events.lastKey());
    }

    @Override
    public int dispatch(int limit, Function<Event, List<Target>> route) {
        return lock.locked(() -> {
            int n = 0;
            for (Event e : events.values()) {
                if (n == limit) {
                    break;
                }
                if (dispatched.get(e.seq())) {
                    continue;
                }
                dispatched.put(e.seq(), true);
                n++;
                for (Target t : route.apply(e)) {
                    long id = ++lastDelivery;
                    deliveries.put(id, new Delivery(id, e, t.sink(), t.url(), Delivery.PENDING, 0, now(), null, now()));
                }
            }
            return n;
        });
    }

    @Override
    public List<Delivery> take(String sink, int limit, Duration hold) {
        return lock.locked(() -> {
            Instant now = now();
            List<Delivery> out = new ArrayList<>();
            for (Delivery d : deliveries.values()) {
                if (out.size() == limit) {
                    break;
                }
                if (d.sink().equals(sink) && d.state().equals(Delivery.PENDING) && !d.nextAt().isAfter(now)) {
                    Delivery taken = new Delivery(d.id(), d.event(), sink, d.target(), d.state(), d.attempts() + 1,
                            now.plus(hold), d.lastError(), now);
                    out.add(taken);
                }
            }
            out.forEach(d -> deliveries.put(d.id(), d));
            return out;
        });
    }

    @Override
    public void delivered(List<Long> ids) {
        lock.locked(() -> {
            for (long id : ids) {
                change(id, d -> new Delivery(id, d.event(), d.sink(), d.target(), Delivery.DELIVERED, d.attempts(),
                        d.nextAt(), null, now()));
            }
            return null;
        });
    }

    @Override
    public void attemptFailed(long id, String error, Duration retryIn) {
        lock.locked(() -> {
            change(id, d -> new Delivery(id, d.event(), d.sink(), d.target(), retryIn == null ? Delivery.FAILED
                    : Delivery.PENDING, d.attempts(), retryIn == null ? now() : now().plus(retryIn), error, now()));
            return null;
        });
    }

    /** A pending delivery replaced by {@code changed}; finished ones stay as they are. */
    private void change(long id, Function<Delivery, Delivery> changed) {
        Delivery d = deliveries.get(id);
        if (d != null && d.state().equals(Delivery.PENDING)) {
            deliveries.put(id, changed.apply(d));
        }
    }

    @Override
    public List<Delivery> deliveriesOf(String jobId) {
        return lock.locked(() -> deliveries.values().stream().filter(d -> d.event().jobId().equals(jobId)).toList());
    }

    @Override
    public Map<String, Long> backlog() {
        return lock.locked(() -> {
            Map<String, Long> out = new TreeMap<>();
            out.put("", dispatched.values().stream().filter(done -> !done).count());
            deliveries.values().stream().filter(d -> d.state().equals(Delivery.PENDING))
                    .forEach(d -> out.merge(d.sink(), 1L, Long::sum));
            return out;
        });
    }

    @Override
    public int prune(Duration keep, Duration inboxKeep, int limit) {
        return lock.locked(() -> {
            Instant before = now().minus(keep);
            int removed = 0;
            for (var it = deliveries.values().iterator(); it.hasNext() && removed < limit; ) {
                Delivery d = it.next();
                if (!d.state().equals(Delivery.PENDING) && !d.updatedAt().isAfter(before)) {
                    it.remove();
                    removed++;
                }
            }
            for (var it = events.values().iterator(); it.hasNext() && removed < 2 * limit; ) {
                Event e = it.next();
                boolean needed = deliveries.values().stream().anyMatch(d -> d.event().seq() == e.seq()
                        && d.state().equals(Delivery.PENDING));
                if (dispatched.get(e.seq()) && !e.at().isAfter(before) && !needed) {
                    it.remove();
                    dispatched.remove(e.seq());
                    removed++;
                }
            }
            Instant inboxBefore = now().minus(inboxKeep);
            for (var it = inbox.values().iterator(); it.hasNext() && removed < 3 * limit; ) {
                if (!it.next().at().isAfter(inboxBefore)) {
                    it.remove();
                    removed++;
                }
            }
            return removed;
        });
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

}
