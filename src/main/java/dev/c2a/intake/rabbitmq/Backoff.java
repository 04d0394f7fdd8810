package dev.c2a.intake.rabbitmq;

import java.time.Duration;

/** Capped exponential backoff: 200 ms, doubling up to a cap; {@link #reset()} after a success. */
final class Backoff {
    private static final Duration FIRST = Duration.ofMillis(200);
    private final Duration cap;
    private Duration next = FIRST;

    Backoff(Duration cap) {
        this.cap = cap;
    }

    /** The wait before the next attempt; each call doubles the one after it, up to the cap. */
    Duration next() {
        Duration wait = next.compareTo(cap) > 0 ? cap : next;
        next = wait.multipliedBy(2);
        return wait;
    }

    void reset() {
        next = FIRST;
    }
}
