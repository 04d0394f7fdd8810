package dev.c2a.intake;

import java.time.Duration;

/**
 * Capped exponential backoff between an adapter's tries to reach its broker (or the ledger) again:
 * {@code first}, doubling up to {@code cap}; {@link #reset()} after a success.
 */
public final class Backoff {
    private final Duration first;
    private final Duration cap;
    private Duration next;

    public Backoff(Duration first, Duration cap) {
        this.first = first;
        this.cap = cap;
        this.next = first;
    }

    /** How long to wait before the next try; each call doubles the one after, up to the cap. */
    public Duration next() {
        Duration d = next;
        next = d.multipliedBy(2).compareTo(cap) > 0 ? cap : d.multipliedBy(2);
        return d;
    }

    public void reset() {
        next = first;
    }
}
