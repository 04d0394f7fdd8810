package dev.c2a.intake.rabbitmq;

import dev.c2a.config.Durations;
import dev.c2a.config.IntakeSettings;
import dev.c2a.config.InvalidSettingException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A RabbitMQ intake's settings ({@code intake.<name>.*}), validated when the service starts.
 *
 * @param url              {@code amqp://user:password@host:port/vhost} (or {@code amqps://})
 * @param queue            the quorum queue c2a declares and consumes jobs from
 * @param deadLetterQueue  where refused messages go, with the reason in the header {@code x-c2a-reason}
 * @param resultsQueue     where result events go when a job's message named no reply-to
 * @param messageIdHeader  the header that carries a message's id when its message-id property is empty, or null
 * @param deliveryLimit    deliveries of one message before the broker itself dead-letters it (a storm's backstop)
 * @param consumerTimeout  the broker's consumer_timeout, which this must repeat (on-result mode checks against it)
 * @param jobDeadline      the longest a job may take; in on-result mode it must be shorter than consumerTimeout
 * @param reconnectMax     the longest wait between two attempts to reach the broker
 */
record RabbitMqSettings(String name, IntakeSettings.Mode mode, URI url, String queue, String deadLetterQueue,
                        String resultsQueue, String messageIdHeader, int deliveryLimit, Duration consumerTimeout,
                        Duration jobDeadline, Duration reconnectMax) {

    static final Set<String> KEYS = Set.of("url", "queue", "dead-letter-queue", "results-queue", "message-id-header",
            "delivery-limit", "consumer-timeout", "job-deadline", "reconnect-max");

    static RabbitMqSettings of(IntakeSettings s) {
        s.requireOnly(KEYS);
        String queue = s.text("queue", "c2a-jobs");
        RabbitMqSettings settings = new RabbitMqSettings(s.name(), s.mode(), url(s), queue,
                s.text("dead-letter-queue", queue + ".dead"), s.text("results-queue", "c2a-results"),
                s.text("message-id-header", null), s.integer("delivery-limit", 5, 1, 1000),
                positive(s, "consumer-timeout", Duration.ofMinutes(30)),
                positive(s, "job-deadline", Duration.ofMinutes(25)),
                positive(s, "reconnect-max", Duration.ofSeconds(10)));
        // why: a refused message or a result event in the job queue would come back as a job
        Map<String, String> others = Map.of("dead-letter-queue", settings.deadLetterQueue,
                "results-queue", settings.resultsQueue);
        others.forEach((key, name) -> {
            if (name.equals(queue)) {
                throw new InvalidSettingException(s.key(key) + ": must differ from " + s.key("queue") + " ('" + queue
                        + "')");
            }
        });
        // why: the broker closes the channel of a delivery held longer than its consumer_timeout and
        // redelivers it; a job that may run longer would have its message bounce for its whole run
        if (settings.mode == IntakeSettings.Mode.ON_RESULT
                && settings.jobDeadline.compareTo(settings.consumerTimeout) >= 0) {
            throw new InvalidSettingException(s.key("job-deadline") + " (" + Durations.format(settings.jobDeadline)
                    + ") must be shorter than " + s.key("consumer-timeout") + " ("
                    + Durations.format(settings.consumerTimeout)
                    + ", the broker's consumer_timeout) in mode on-result: a delivery held past the broker's timeout is"
                    + " taken back and redelivered");
        }
        return settings;
    }

    private static URI url(IntakeSettings s) {
        String text = s.text("url");
        try {
            URI uri = new URI(text);
            if (!"amqp".equals(uri.getScheme()) && !"amqps".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(text, "expected amqp://user:password@host:port/vhost");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(s.key("url") + ": expected amqp://user:password@host:port/vhost, got '"
                    + redact(text) + "'");
        }
    }

    private static Duration positive(IntakeSettings s, String key, Duration fallback) {
        Duration d = s.duration(key, fallback);
        if (d.isZero()) {
            throw new InvalidSettingException(s.key(key) + ": must be longer than 0");
        }
        return d;
    }

    /** The URL without its password, for messages and status. */
    static String redact(String url) {
        return url.replaceFirst("(://[^:/@]*:)[^@/]*@", "$1***@");
    }
}
