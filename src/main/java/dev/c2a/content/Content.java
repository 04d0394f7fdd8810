package dev.c2a.content;

/** A job's content as submitted: text, or bytes for binary types. */
public record Content(String text, byte[] bytes) {
    public static Content text(String text) {
        return new Content(text, null);
    }
}
