package dev.c2a.testing;

import dev.c2a.speech.Deadlines;

/** What tests that make engines directly share, as a service's engines share it. */
public final class TestEngines {
    /** One watchdog for the deadlines of every engine a test makes (a daemon thread, never closed). */
    public static final Deadlines DEADLINES = new Deadlines();

    private TestEngines() {
    }
}
