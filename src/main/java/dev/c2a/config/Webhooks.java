package dev.c2a.config;

import dev.c2a.job.JobState;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Who hears of finished jobs over HTTP: per-job callbacks (a job's {@code callbackUrl}, signed with
 * {@code webhook-secret}) and global subscribers ({@code webhook.<name>.url}, {@code .secret},
 * {@code .events}), and the service's URL as events name it ({@code public-url}).
 *
 * @param publicUrl    null: events carry paths ({@code /v1/jobs/ID/audio})
 * @param secret       null: jobs may not name a callback URL
 * @param allowPrivate whether webhooks may go to private and loopback addresses
 * @param attempts     attempts a webhook gets before it is failed for good
 * @param retryBase    backoff before its second attempt (doubling, up to 10 minutes)
 */
public record Webhooks(String publicUrl, String secret, boolean allowPrivate, int attempts, Duration retryBase,
                       List<Subscriber> subscribers) {

    /** A global subscriber: every finished job whose state is in {@code states} is POSTed to {@code url}. */
    public record Subscriber(String name, String url, String secret, Set<JobState> states) {
        public String sink() {
            return "webhook:" + name;
        }
    }
}
