package dev.c2a.job;

/**
 * The object store holding a job's files could not be reached; the request may succeed later.
 * HTTP answers 503 with {@code Retry-After}.
 */
public class StoreUnavailable extends RuntimeException {
    public StoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
