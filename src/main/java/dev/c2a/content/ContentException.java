package dev.c2a.content;

/**
 * Content that cannot be read: malformed markup, a broken archive, or content over a size bound
 * ({@link #tooLarge()}, which the facade answers differently from malformed content).
 */
public final class ContentException extends RuntimeException {
    private final boolean tooLarge;

    private ContentException(boolean tooLarge, String message) {
        super(message);
        this.tooLarge = tooLarge;
    }

    public static ContentException invalid(String message) {
        return new ContentException(false, message);
    }

    public static ContentException tooLarge(String message) {
        return new ContentException(true, message);
    }

    /** Over a size bound, rather than malformed. */
    public boolean tooLarge() {
        return tooLarge;
    }
}
