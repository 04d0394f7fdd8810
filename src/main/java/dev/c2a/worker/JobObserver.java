package dev.c2a.worker;

import java.time.Duration;

/** Hears how each attempt ended; metrics and counters listen here. */
public interface JobObserver {
    enum Outcome { SUCCEEDED, FAILED, RETRIED, RELEASED, CANCELLED, LEASE_LOST }

    void finished(Outcome outcome, Duration took, double audioSeconds);

    /** A job's state changed in a worker: running when claimed, then its outcome's state. */
    default void changed(String jobId, String state) {
    }

    /** Both hear everything. */
    static JobObserver both(JobObserver a, JobObserver b) {
        return new JobObserver() {
            @Override
            public void finished(Outcome outcome, Duration took, double audioSeconds) {
                a.finished(outcome, took, audioSeconds);
                b.finished(outcome, took, audioSeconds);
            }

            @Override
            public void changed(String jobId, String state) {
                a.changed(jobId, state);
                b.changed(jobId, state);
            }
        };
    }
}
