package dev.c2a.worker;

import java.time.Duration;

/** Hears how each attempt ended; metrics and counters listen here. */
public interface JobObserver {
    enum Outcome { SUCCEEDED, FAILED, RETRIED, RELEASED, CANCELLED, LEASE_LOST }

    void finished(Outcome outcome, Duration took, double audioSeconds);
}
