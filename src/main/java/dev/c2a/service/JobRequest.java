package dev.c2a.service;

/**
 * A job as a producer submits it; any field may be missing. {@code speed} 1.0 is normal.
 * Validated into a {@link dev.c2a.job.JobSpec} by {@link JobValidator}.
 */
public record JobRequest(String text, String voice, String format, Double speed, Boolean ssml,
                         String idempotencyKey) {
    public static JobRequest ofText(String text) {
        return new JobRequest(text, null, null, null, null, null);
    }
}
