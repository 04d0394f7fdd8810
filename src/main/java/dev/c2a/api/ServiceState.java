package dev.c2a.api;

import dev.c2a.job.IllegalTransitionException;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The service's lifecycle: {@code STOPPED → RUNNING ⇄ PAUSED}, {@code RUNNING|PAUSED → DRAINING →
 * STOPPED}, and {@code STOPPED → PAUSED} for a node that starts while its desired state is paused.
 */
public enum ServiceState {
    STOPPED, RUNNING, PAUSED, DRAINING;

    private static final Map<ServiceState, Set<ServiceState>> ALLOWED = Map.of(
            STOPPED, EnumSet.of(RUNNING, PAUSED),
            RUNNING, EnumSet.of(PAUSED, DRAINING),
            PAUSED, EnumSet.of(RUNNING, DRAINING),
            DRAINING, EnumSet.of(STOPPED));

    public boolean canMoveTo(ServiceState next) {
        return ALLOWED.get(this).contains(next);
    }

    /**
     * Checks that {@code action} may move the service from {@code from} (the only state it starts
     * from: start from stopped, resume from paused) to {@code next}.
     */
    public void checkMoveTo(ServiceState next, ServiceState from, String action) {
        if (this != from || !canMoveTo(next)) {
            throw new IllegalTransitionException("cannot " + action + " the service: it is " + wireName()
                    + hint(action), wireName());
        }
    }

    private String hint(String action) {
        return switch (this) {
            case PAUSED -> action.equals("start") ? " (use resume)" : "";
            case DRAINING -> " (wait until it has stopped)";
            case STOPPED -> " (use start)";
            default -> "";
        };
    }

    /** True while workers may claim new jobs. */
    public boolean claims() {
        return this == RUNNING;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
