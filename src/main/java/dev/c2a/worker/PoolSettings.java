package dev.c2a.worker;

import java.time.Duration;

/**
 * @param leaseTime     how long a claim lasts without a heartbeat
 * @param pollInterval  the safety-net wait of an idle worker (wake-ups normally come at once)
 * @param releaseGrace  after the drain deadline, how long interrupted jobs get to release
 * @param shortageWait  how long a job waits, its attempts untouched, after the disk filled or
 *                      descriptors ran out under it
 */
public record PoolSettings(Duration leaseTime, Duration pollInterval, Duration releaseGrace,
                           Duration progressEvery, Duration shortageWait) {
    public Duration heartbeatEvery() {
        return leaseTime.dividedBy(3);
    }
}
