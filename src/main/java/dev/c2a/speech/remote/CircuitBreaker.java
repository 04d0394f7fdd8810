package dev.c2a.speech.remote;

import dev.c2a.speech.EngineHealth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Closed: calls go through. After {@code threshold} failures in a row it opens: calls are refused
 * at once for {@code openFor}, so jobs wait in the queue instead of each spending its attempts on
 * a server that is down. Then one call (the probe) goes through: its success closes the circuit,
 * its failure opens it again. Thread-safe; time comes from the injected clock.
 */
final class CircuitBreaker {
    enum State { CLOSED, OPEN, PROBING }

    private final int threshold;
    private final Duration openFor;
    private final InstantSource clock;
    private State state = State.CLOSED;
    private int failures;
    private Instant openUntil;
    private String lastError;

    CircuitBreaker(int threshold, Duration openFor, InstantSource clock) {
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    /**
     * Whether a call may go now; if not, how long until one may. The first caller after the open
     * time becomes the probe; others keep waiting until it answers.
     */
    synchronized Duration refusedFor() {
        Instant now = clock.instant();
        return switch (state) {
            case CLOSED -> Duration.ZERO;
            case OPEN -> {
                if (now.isBefore(openUntil)) {
                    yield Duration.between(now, openUntil);
                }
                state = State.PROBING;
                yield Duration.ZERO;
            }
            // the probe is under way; it ends within one call's timeout
            case PROBING -> openFor;
        };
    }

    synchronized void succeeded() {
        state = State.CLOSED;
        failures = 0;
        lastError = null;
    }

    /** Returns true when this failure left the circuit open. */
    synchronized boolean failed(String error) {
        lastError = error;
        failures++;
        if (state == State.PROBING || failures >= threshold) {
            state = State.OPEN;
            openUntil = clock.instant().plus(openFor);
        }
        return state == State.OPEN;
    }

    /** A call ended without an answer either way (cancelled): a probe's turn passes to the next caller. */
    synchronized void abandoned() {
        if (state == State.PROBING) {
            state = State.OPEN;
            openUntil = clock.instant();
        }
    }

    synchronized State state() {
        return state;
    }

    synchronized EngineHealth health() {
        return switch (state) {
            case CLOSED -> EngineHealth.READY;
            case OPEN -> new EngineHealth(false, "circuit open after " + failures + " failed calls: " + lastError,
                    openUntil);
            case PROBING -> new EngineHealth(false, "circuit half-open: one call is probing the server; last error: "
                    + lastError, null);
        };
    }
}
