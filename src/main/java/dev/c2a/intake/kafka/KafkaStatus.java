package dev.c2a.intake.kafka;

import dev.c2a.intake.AdapterStatus;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** What status shows of one Kafka intake, written by its threads and read by anyone without waiting. */
final class KafkaStatus {
    private final String name;
    private final String mode;
    volatile boolean connected;
    volatile boolean consuming;
    volatile long lag = -1;
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong published = new AtomicLong();
    private volatile Failure lastError;

    private record Failure(String message, Instant at) {
    }

    KafkaStatus(String name, String mode) {
        this.name = name;
        this.mode = mode;
    }

    void failed(String what, Throwable e) {
        lastError = new Failure(what + ": " + describe(e), Instant.now());
    }

    void succeeded() {
        lastError = null;
    }

    AdapterStatus snapshot() {
        Failure f = lastError;
        return new AdapterStatus(name, "kafka", mode, connected, consuming, lag, accepted.get(), duplicates.get(),
                deadLettered.get(), published.get(), f == null ? null : f.message(), f == null ? null : f.at());
    }

    /** The exception and its causes' messages: Kafka's own often wraps the telling one. */
    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 500; t = t.getCause()) {
            if (!b.isEmpty()) {
                b.append(": ");
            }
            b.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }
        return b.toString();
    }
}
