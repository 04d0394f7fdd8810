package dev.c2a.store;

import java.io.IOException;

/**
 * The store could not be reached, or answered that it cannot serve now (a server error, a timeout,
 * throttling). Nothing about the job or the object is wrong: the caller tries again later — a job
 * that cannot publish waits without using an attempt, a read answers 503 with Retry-After.
 */
public class StoreUnavailableException extends IOException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
