package dev.c2a.job;

import java.util.Locale;

/** The states of a job. The moves between them, each with its name, are {@link Move}'s table. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** True when some {@link Move} leads from this state to {@code next}. */
    public boolean canMoveTo(JobState next) {
        for (Move m : Move.values()) {
            if (m.to() == next && m.allowedFrom(this)) {
                return true;
            }
        }
        return false;
    }

    /** Throws {@link IllegalTransitionException} unless the move is in the table. */
    public void checkMoveTo(JobState next) {
        if (!canMoveTo(next)) {
            throw new IllegalTransitionException("job", wireName(), next.wireName());
        }
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the lower-case wire name; the message lists the accepted names. */
    public static JobState fromWire(String name) {
        for (JobState s : values()) {
            if (s.wireName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown job state '" + name + "'; expected one of "
                + "queued, running, succeeded, failed, cancelled");
    }
}
