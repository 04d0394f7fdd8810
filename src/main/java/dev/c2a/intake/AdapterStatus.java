package dev.c2a.intake;

import java.time.Instant;

/**
 * One intake adapter as status shows it.
 *
 * @param type       rabbitmq, kafka or redis
 * @param mode       on-accept or on-result
 * @param connected  whether it holds a live connection to its broker now
 * @param consuming  whether it takes messages now (connected, and not held back by a pause or by room)
 * @param lag        messages waiting at the broker for this consumer, when the broker says (else -1)
 * @param accepted   messages that became jobs since start (redeliveries of an accepted message not counted)
 * @param duplicates redeliveries that found their job already made
 * @param deadLettered messages refused and dead-lettered since start
 * @param published  result events the broker confirmed since start
 * @param lastError  the last error, or null; stays until a later success clears it
 * @param lastErrorAt when it happened, or null
 */
public record AdapterStatus(String name, String type, String mode, boolean connected, boolean consuming, long lag,
                            long accepted, long duplicates, long deadLettered, long published, String lastError,
                            Instant lastErrorAt) {
}
