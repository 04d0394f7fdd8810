package dev.c2a.worker;

import java.time.Duration;

/**
 * @param leaseTime     how long a claim lasts without a heartbeat
 * @param pollInterval  the safety-net wait of an idle worker (wake-ups normally come at once)
 * @param releaseGrace  after the drain deadline, how long interrupted jobs get to release
 */
public record PoolSettings(Duration leaseTime, Duration pollInterval, Duration releaseGrace,
                           Duration progressEvery) {
    public Duration heartbeatEvery() {
        return leaseTime.dividedBy(3);
    }
}
