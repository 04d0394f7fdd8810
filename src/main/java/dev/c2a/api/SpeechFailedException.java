package dev.c2a.api;

/** Speech on demand failed in its engine (the request itself was fine). */
public final class SpeechFailedException extends RuntimeException {
    public SpeechFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
