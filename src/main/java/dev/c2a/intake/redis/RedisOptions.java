package dev.c2a.intake.redis;

import dev.c2a.config.Durations;
import dev.c2a.config.IntakeSettings;
import dev.c2a.config.InvalidSettingException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Set;

/**
 * A Redis intake's settings ({@code intake.<name>.*}), read and checked once when the service starts.
 *
 * @param url           {@code redis://[[user]:password@]host[:port][/db]}, or {@code rediss://} for TLS
 * @param stream        the stream jobs arrive on, created (with the group) when missing
 * @param group         the consumer group all c2a nodes share
 * @param results       the stream result events go to when an event names no reply-to
 * @param resultsMaxLen about how many entries a result stream keeps ({@code MAXLEN ~}); 0 keeps all
 * @param deadLetters   the stream refused messages go to, with their reason
 * @param bodyField     the entry field that holds the message's body; the other fields are its headers
 * @param claimIdle     how long an entry may stay pending with no sign of its consumer before another
 *                      node takes it over ({@code XAUTOCLAIM})
 * @param jobDeadline   how long a job may take, in mode on-result: it must be shorter than claimIdle
 * @param deliveryLimit after how many deliveries an abandoned entry is dead-lettered rather than taken over
 */
record RedisOptions(String name, IntakeSettings.Mode mode, URI url, String stream, String group, String results,
                    long resultsMaxLen, String deadLetters, String bodyField, Duration claimIdle,
                    Duration jobDeadline, int deliveryLimit) {

    static final Set<String> KEYS = Set.of("url", "stream", "group", "results", "results-maxlen", "dead-letter",
            "body-field", "claim-idle", "job-deadline", "delivery-limit");
    /** On-accept entries are pending only while a batch is handed over: a minute idle means its node is gone. */
    static final Duration CLAIM_IDLE_ON_ACCEPT = Duration.ofMinutes(1);
    /** On-result entries are kept fresh by their node, but must outlive a job's deadline regardless. */
    static final Duration CLAIM_IDLE_ON_RESULT = Duration.ofMinutes(30);
    static final Duration JOB_DEADLINE = Duration.ofMinutes(25);
    /** As RabbitMQ's quorum queues' default: enough for crashes that had nothing to do with the message. */
    static final int DELIVERY_LIMIT = 20;

    static RedisOptions from(IntakeSettings settings) {
        settings.requireOnly(KEYS);
        IntakeSettings.Mode mode = settings.mode();
        String stream = settings.text("stream");
        Duration claimIdle = settings.duration("claim-idle",
                mode == IntakeSettings.Mode.ON_RESULT ? CLAIM_IDLE_ON_RESULT : CLAIM_IDLE_ON_ACCEPT);
        if (claimIdle.toMillis() < 1000) {
            throw new InvalidSettingException(settings.key("claim-idle") + ": must be at least 1s, got "
                    + Durations.format(claimIdle));
        }
        Duration jobDeadline = settings.duration("job-deadline", JOB_DEADLINE);
        if (mode == IntakeSettings.Mode.ON_RESULT && jobDeadline.compareTo(claimIdle) >= 0) {
            throw new InvalidSettingException(settings.key("job-deadline") + " (" + Durations.format(jobDeadline)
                    + ") must be shorter than " + settings.key("claim-idle") + " (" + Durations.format(claimIdle)
                    + ") in mode on-result: a delivery held past claim-idle may be taken over by another node");
        }
        return new RedisOptions(settings.name(), mode, url(settings), stream, settings.text("group", "c2a"),
                settings.text("results", stream + ":results"),
                settings.longValue("results-maxlen", 100_000, 0, Long.MAX_VALUE),
                settings.text("dead-letter", stream + ":dead"), settings.text("body-field", "body"), claimIdle,
                jobDeadline, settings.integer("delivery-limit", DELIVERY_LIMIT, 1, Integer.MAX_VALUE));
    }

    private static URI url(IntakeSettings settings) {
        String text = settings.text("url");
        try {
            URI url = new URI(text);
            if (!Set.of("redis", "rediss").contains(String.valueOf(url.getScheme())) || url.getHost() == null) {
                throw new URISyntaxException(text, "expected redis://[[user]:password@]host[:port][/db] or rediss://…");
            }
            return url;
        } catch (URISyntaxException e) {
            // the message leaves the value out: it may hold a password
            throw new InvalidSettingException(settings.key("url") + ": " + e.getReason());
        }
    }
}
