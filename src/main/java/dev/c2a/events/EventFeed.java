package dev.c2a.events;

import dev.c2a.queue.Outbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;

/**
 * The finished jobs of every node, read from the outbox for this node's event streams: each read
 * takes the events after the last one seen. why it reads back {@value #LOOK_BACK} events: on
 * PostgreSQL an event's seq is drawn before its transaction commits, so a lower seq can become
 * visible after a higher one was read; the events it finds again are dropped by their seq.
 */
final class EventFeed {
    private static final int LOOK_BACK = 256;
    private static final int BATCH = 1000;
    private final Outbox outbox;
    private final SequencedSet<Long> seen = new LinkedHashSet<>();
    private long cursor = -1;

    EventFeed(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Starts over: the next call notes where the outbox stands. */
    synchronized void forget() {
        cursor = -1;
        seen.clear();
    }

    /** The events new since the last call; the first call only notes where the outbox stands. */
    synchronized List<Outbox.Event> next() {
        if (cursor < 0) {
            cursor = outbox.lastSeq();
            return List.of();
        }
        List<Outbox.Event> fresh = new ArrayList<>();
        for (Outbox.Event e : outbox.after(Math.max(0, cursor - LOOK_BACK), BATCH + LOOK_BACK)) {
            if (e.seq() > cursor - LOOK_BACK && seen.add(e.seq())) {
                fresh.add(e);
            }
            cursor = Math.max(cursor, e.seq());
        }
        while (seen.size() > 4 * LOOK_BACK) {
            seen.removeFirst();
        }
        return fresh;
    }
}
