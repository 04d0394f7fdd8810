package dev.c2a.speech;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fired when a job must stop now (a cancel, or the drain deadline). Engines register a hook that
 * ends their current call, such as killing a subprocess; the pipeline checks it between segments.
 */
public final class CancelSignal {
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();
    private volatile String reason;

    public void fire(String why) {
        if (reason == null) {
            reason = why;
            hooks.forEach(Runnable::run);
        }
    }

    public boolean fired() {
        return reason != null;
    }

    public String reason() {
        return reason;
    }

    /** Runs {@code hook} on fire (at once if already fired); close the handle to remove it. */
    public AutoCloseable onFire(Runnable hook) {
        hooks.add(hook);
        if (fired()) {
            hook.run();
        }
        return () -> hooks.remove(hook);
    }
}
