package dev.c2a.worker;

import dev.c2a.job.Transition;

import java.time.Duration;

/** Hears every move a job makes (from the queue's own transitions); events and metrics listen here. */
public interface JobObserver {

    /**
     * Job {@code transition.jobId()} moved. {@code attempt} tells what the worker's attempt that the
     * move ended took; it is null for a move no attempt ended (submit, claim, cancel of a queued
     * job, retry by hand, lease expiry).
     */
    void moved(Transition transition, Attempt attempt);

    /** A worker found its lease taken over: its work was discarded and nothing moved. */
    default void leaseLost(String jobId, Duration took) {
    }

    /**
     * The queue refused a write of a worker's claim ({@code write}: "heartbeat", "progress", or the
     * move it tried, "succeed", "fail", "release", "cancel"): the lease had been taken over.
     */
    default void fencedOut(String jobId, String write) {
    }

    /**
     * A job claimed for an engine busy with all the jobs it takes went back to the queue at once,
     * its attempt untouched (see {@link EngineSlots}); frequent ones mean claims race for one engine.
     */
    default void handedBack(String jobId, String engine) {
    }

    /** How long an attempt took, and the seconds of audio it made. */
    record Attempt(Duration took, double audioSeconds) {
    }

    /** Both hear everything. */
    static JobObserver both(JobObserver a, JobObserver b) {
        return new JobObserver() {
            @Override
            public void moved(Transition transition, Attempt attempt) {
                a.moved(transition, attempt);
                b.moved(transition, attempt);
            }

            @Override
            public void leaseLost(String jobId, Duration took) {
                a.leaseLost(jobId, took);
                b.leaseLost(jobId, took);
            }

            @Override
            public void fencedOut(String jobId, String write) {
                a.fencedOut(jobId, write);
                b.fencedOut(jobId, write);
            }

            @Override
            public void handedBack(String jobId, String engine) {
                a.handedBack(jobId, engine);
                b.handedBack(jobId, engine);
            }
        };
    }
}
