package dev.c2a.content;

/**
 * Content that cannot be read: malformed markup, a broken archive, or content over a size bound.
 * {@code status} is the HTTP status that describes it (413 for too large, 422 otherwise).
 */
public final class ContentException extends RuntimeException {
    private final int status;

    public ContentException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static ContentException invalid(String message) {
        return new ContentException(422, message);
    }

    public static ContentException tooLarge(String message) {
        return new ContentException(413, message);
    }

    public int status() {
        return status;
    }
}
