package dev.c2a.speech;

import java.time.Duration;

/**
 * The engine cannot speak for a while (a remote server is down and its circuit is open). The job
 * is not at fault: it goes back to the queue for {@code retryAfter} without using an attempt.
 */
public final class EngineUnavailableException extends SpeechException {
    private final Duration retryAfter;

    public EngineUnavailableException(String message, Duration retryAfter) {
        super(message, null, true);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
