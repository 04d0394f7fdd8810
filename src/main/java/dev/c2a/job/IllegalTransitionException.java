package dev.c2a.job;

/** The one exception for a move that a state table does not allow (jobs and the service alike). */
public class IllegalTransitionException extends RuntimeException {
    private final String current;

    public IllegalTransitionException(String what, String current, String wanted) {
        super("cannot move " + what + " from " + current + " to " + wanted);
        this.current = current;
    }

    public IllegalTransitionException(String message, String current) {
        super(message);
        this.current = current;
    }

    /** The state the thing is in now, named for the caller. */
    public String current() {
        return current;
    }
}
