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

    /** The call was stopped by its cancel signal (a cancel, a shutdown, a lost lease): another try may run it. */
    public static SpeechException stopped(CancelSignal cancel) {
        return new SpeechException("stopped: " + cancel.reason(), null, true);
    }

    /** Refuses {@code text} when it has nothing to speak, as every engine does (see {@link #nothingToSay()}). */
    public static void refuseBlank(String text) throws SpeechException {
        if (text.isBlank()) {
            throw nothingToSay();
        }
    }

    public String stderr() {
        return stderr;
    }

    public boolean retryable() {
        return retryable;
    }
}
