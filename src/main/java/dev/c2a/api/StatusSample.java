package dev.c2a.api;

import java.time.Instant;

/** One point of the dashboard's chart: queue depth, running jobs, and the counts since start. */
public record StatusSample(Instant at, long queued, long running, long succeeded, long failed) {
}
