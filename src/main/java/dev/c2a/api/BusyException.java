package dev.c2a.api;

import java.time.Duration;

/** The service is at its bound for this kind of work right now; the caller may try again later. */
public final class BusyException extends InvalidRequestException {
    private final Duration retryAfter;

    public BusyException(String detail, Duration retryAfter) {
        this(Reason.UNAVAILABLE, detail, retryAfter);
    }

    public BusyException(Reason reason, String detail, Duration retryAfter) {
        super(reason, detail);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
