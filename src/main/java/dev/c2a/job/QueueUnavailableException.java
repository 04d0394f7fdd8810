package dev.c2a.job;

/** The database could not be reached or refused the work; the caller's request did not happen. */
public class QueueUnavailableException extends RuntimeException {
    public QueueUnavailableException(String message) {
        super(message);
    }

    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
