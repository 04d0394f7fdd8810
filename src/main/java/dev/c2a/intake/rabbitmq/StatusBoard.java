package dev.c2a.intake.rabbitmq;

import dev.c2a.intake.AdapterStatus;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the adapter's threads report and status reads: plain fields written by those threads, so a
 * status call never waits for the broker or for a thread stuck on it.
 */
final class StatusBoard {
    private final String name;
    private final String mode;
    private final Clock clock;
    private volatile boolean connected;
    private volatile boolean consuming;
    private volatile long lag = -1;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    /** The error and its time together, so a reader never pairs one error with another's time. */
    private volatile Failure failure;

    private record Failure(String message, Instant at) {
    }

    StatusBoard(String name, String mode, Clock clock) {
        this.name = name;
        this.mode = mode;
        this.clock = clock;
    }

    AdapterStatus snapshot() {
        Failure f = failure;
        return new AdapterStatus(name, "rabbitmq", mode, connected, connected && consuming, lag, accepted.get(),
                duplicates.get(), deadLettered.get(), published.get(), f == null ? null : f.message,
                f == null ? null : f.at);
    }

    void connected(boolean value) {
        connected = value;
        if (!value) {
            consuming = false;
            lag = -1;
        }
    }

    void consuming(boolean value) {
        consuming = value;
    }

    void lag(long messages) {
        lag = messages;
    }

    void accepted(boolean created) {
        (created ? accepted : duplicates).incrementAndGet();
    }

    void deadLettered(int count) {
        deadLettered.addAndGet(count);
    }

    void published(int count) {
        published.addAndGet(count);
    }

    void failed(String message) {
        failure = new Failure(message, clock.instant());
    }

    void succeeded() {
        failure = null;
    }
}
