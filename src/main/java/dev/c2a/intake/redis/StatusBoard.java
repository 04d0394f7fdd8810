package dev.c2a.intake.redis;

import dev.c2a.intake.AdapterStatus;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the intake's threads report and status reads: plain fields, so that status never waits for
 * a thread that waits for Redis.
 */
final class StatusBoard {
    private record Failure(String part, String message, Instant at) {
    }

    private final Clock clock;
    private volatile boolean connected;
    private volatile boolean consuming;
    private volatile long lag = -1;
    private volatile Failure failure;
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong published = new AtomicLong();

    StatusBoard(Clock clock) {
        this.clock = clock;
    }

    void connected(boolean connected) {
        this.connected = connected;
        if (!connected) {
            consuming = false;
            lag = -1;
        }
    }

    void consuming(boolean consuming) {
        this.consuming = consuming;
    }

    void lag(long lag) {
        this.lag = lag;
    }

    /** Records a failure of one part of the intake (the consumer, the results publisher). */
    void failed(String part, String message) {
        failure = new Failure(part, message, clock.instant());
    }

    /** Clears the last failure if it was this part's: another part's stays until that part succeeds. */
    void succeeded(String part) {
        Failure f = failure;
        if (f != null && f.part().equals(part)) {
            failure = null;
        }
    }

    AdapterStatus snapshot(String name, String mode) {
        Failure f = failure;
        return new AdapterStatus(name, "redis", mode, connected, connected && consuming, lag, accepted.get(),
                duplicates.get(), deadLettered.get(), published.get(), f == null ? null : f.message(),
                f == null ? null : f.at());
    }
}
