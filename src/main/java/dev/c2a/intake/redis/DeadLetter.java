package dev.c2a.intake.redis;

/** The fields c2a adds to an entry it stores on the dead-letter stream, beside the entry's own. */
final class DeadLetter {
    /** Why c2a refused it, in words a person understands. */
    static final String REASON = "x-c2a-reason";
    /** The entry's id on the stream it came from. */
    static final String ID = "x-c2a-id";
    /** The stream it came from. */
    static final String STREAM = "x-c2a-stream";

    private DeadLetter() {
    }
}
