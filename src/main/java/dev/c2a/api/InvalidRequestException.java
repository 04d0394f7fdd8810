package dev.c2a.api;

/** A request the service refuses as given; {@code status} is the HTTP status that fits (400, 413, 422). */
public class InvalidRequestException extends RuntimeException {
    private final int status;

    public InvalidRequestException(int status, String detail) {
        super(detail);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
