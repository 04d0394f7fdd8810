package dev.c2a.testing;

import dev.c2a.speech.CancelSignal;

import java.time.Duration;

/** Cancel signals for engine tests. */
public final class Cancels {
    private Cancels() {
    }

    /** A signal that fires "cancelled" after {@code delay}, from another thread, as a cancel request would. */
    public static CancelSignal firedAfter(Duration delay) {
        CancelSignal cancel = new CancelSignal();
        Thread.startVirtualThread(() -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException ignored) {
                return;
            }
            cancel.fire("cancelled");
        });
        return cancel;
    }
}
