package dev.c2a.testing;

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
}
