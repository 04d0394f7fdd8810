package dev.c2a.queue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with equal jitter: the n-th retry waits between half and all of
 * {@code min(maxDelay, baseDelay * 2^(n-1))}. The jitter spreads out jobs that failed together; the
 * lower half keeps a real pause, which full jitter (down to zero) would not.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, int quarantineAfter) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts cannot be less than 1");
        }
        if (quarantineAfter < 1) {
            throw new IllegalArgumentException("quarantineAfter cannot be less than 1");
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofMinutes(5), 3);
    }

    public Duration delayBefore(int attemptsSoFar) {
        return delayBefore(attemptsSoFar, ThreadLocalRandom.current().nextDouble());
    }

    /** {@code random} in [0, 1): injected by tests so the bound can be checked exactly. */
    public Duration delayBefore(int attemptsSoFar, double random) {
        int shift = Math.min(30, Math.max(0, attemptsSoFar - 1));
        long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << shift);
        return Duration.ofMillis(ceiling / 2 + (long) (ceiling / 2.0 * random));
    }
}
