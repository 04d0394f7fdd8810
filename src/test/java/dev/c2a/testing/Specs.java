package dev.c2a.testing;

import dev.c2a.job.ContentType;
import dev.c2a.job.JobOptions;
import dev.c2a.job.JobSpec;

/** Builders for job specs used across tests. */
public final class Specs {
    private Specs() {
    }

    public static JobSpec aSpec(String text) {
        return JobSpec.plain(text, "en", "wav", 1.0, null);
    }

    public static JobSpec aSpecWithKey(String text, String key) {
        return JobSpec.plain(text, "en", "wav", 1.0, key);
    }

    /** A plain text job kept for {@code ttl} ("7d") once it has finished, whatever the retention setting. */
    public static JobSpec aSpecWithTtl(String text, String ttl) {
        JobOptions options = new JobOptions(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, ttl);
        return new JobSpec(ContentType.PLAIN, text, null, "en", "wav", 1.0, options, null);
    }
}
