package dev.c2a.speech;

/**
 * An engine call failed. {@code stderr} holds the end of what the engine printed; {@code retryable}
 * is false when trying again cannot help (the input itself is bad).
 */
public class SpeechException extends Exception {
    private final String stderr;
    private final boolean retryable;

    public SpeechException(String message, String stderr, boolean retryable) {
        super(message);
        this.stderr = stderr;
        this.retryable = retryable;
    }

    /**
     * The text has nothing to speak (empty, or only whitespace). Every engine refuses it the same
     * way: no engine can speak it, and trying again cannot help.
     */
    public static SpeechException nothingToSay() {
        return new SpeechException("nothing to say: the text is empty or only whitespace", null, false);
    }

    public String stderr() {
        return stderr;
    }

    public boolean retryable() {
        return retryable;
    }
}
