package dev.c2a.worker;

import dev.c2a.api.Node;

import java.time.Duration;

/**
 * @param leaseTime     how long a claim lasts without a beat of the node
 * @param pollInterval  the dispatcher's safety-net wait for work (wake-ups normally come at once)
 * @param releaseGrace  after the drain deadline, how long interrupted jobs get to release
 * @param shortageWait  how long a job waits, its attempts untouched, after the disk filled or
 *                      descriptors ran out under it
 * @param node          this process: its workers hold leases under its name
 */
public record PoolSettings(Duration leaseTime, Duration pollInterval, Duration releaseGrace,
                           Duration progressEvery, Duration shortageWait, Node node) {
}
