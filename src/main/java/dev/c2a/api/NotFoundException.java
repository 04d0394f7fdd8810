package dev.c2a.api;

/** No such job (or other named thing). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String detail) {
        super(detail);
    }
}
