package dev.c2a.intake.redis;

import java.time.Duration;

/** Capped exponential backoff between tries to reach Redis (or the ledger) again. */
final class Backoff {
    private final Duration first;
    private final Duration cap;
    private Duration next;

    Backoff(Duration first, Duration cap) {
        this.first = first;
        this.cap = cap;
        this.next = first;
    }

    /** How long to wait before the next try; each call doubles the one after, up to the cap. */
    Duration next() {
        Duration d = next;
        next = d.multipliedBy(2).compareTo(cap) > 0 ? cap : d.multipliedBy(2);
        return d;
    }

    void reset() {
        next = first;
    }
}
