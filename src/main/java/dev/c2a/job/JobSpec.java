package dev.c2a.job;

/**
 * What a producer asked for. Validated at the edge (see {@code service.JobValidator}) before it is
 * ever stored; the queue treats it as opaque.
 *
 * @param idempotencyKey optional; a second job with the same key returns the first
 */
public record JobSpec(String text, String voice, String format, double speed, boolean ssml,
                      String idempotencyKey) {
}
