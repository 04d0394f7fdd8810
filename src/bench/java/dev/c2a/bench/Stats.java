package dev.c2a.bench;

import java.util.Arrays;

/** Percentiles of a sample of durations in nanoseconds, reported in milliseconds. */
record Stats(long[] nanos) {
    double percentileMillis(double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    String summary() {
        return String.format("p50 %.3f ms, p99 %.3f ms, max %.3f ms (n=%d)", percentileMillis(50),
                percentileMillis(99), percentileMillis(100), nanos.length);
    }
}
