package dev.c2a.worker;

import dev.c2a.job.IllegalTransitionException;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The service's lifecycle: {@code STOPPED → RUNNING ⇄ PAUSED}, {@code RUNNING|PAUSED → DRAINING → STOPPED}. */
public enum ServiceState {
    STOPPED, RUNNING, PAUSED, DRAINING;

    private static final Map<ServiceState, Set<ServiceState>> ALLOWED = Map.of(
            STOPPED, EnumSet.of(RUNNING),
            RUNNING, EnumSet.of(PAUSED, DRAINING),
            PAUSED, EnumSet.of(RUNNING, DRAINING),
            DRAINING, EnumSet.of(STOPPED));

    public boolean canMoveTo(ServiceState next) {
        return ALLOWED.get(this).contains(next);
    }

    public void checkMoveTo(ServiceState next, String action) {
        if (!canMoveTo(next)) {
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
