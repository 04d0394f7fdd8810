package dev.c2a.api;

import java.time.Duration;

/** The service is at its bound for this kind of work right now; the caller may try again later. */
public final class BusyException extends InvalidRequestException {
    private final Duration retryAfter;

    public BusyException(String detail, Duration retryAfter) {
        super(Reason.UNAVAILABLE, detail);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
