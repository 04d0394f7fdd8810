package dev.c2a.intake.kafka;

import dev.c2a.config.IntakeSettings;
import dev.c2a.config.InvalidSettingException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Kafka intake's settings, {@code intake.<name>.*}, validated when the service starts.
 *
 * @param bootstrapServers {@code bootstrap-servers}: host:port,… (required)
 * @param topic            {@code topic}: the topic jobs come from (required)
 * @param group            {@code group}: the consumer group, shared by every c2a node (default {@code c2a})
 * @param resultsTopic     {@code results-topic}: where result events go when a job named no reply-to;
 *                         empty: such events are not published
 * @param deadLetterTopic  {@code dead-letter-topic}: where refused records go (default {@code <topic>.dlq})
 * @param messageId        {@code message-id}: what a record's message id is
 * @param maxPollRecords   {@code max-poll-records}: the most records one poll returns (default 20: below the
 *                         room of an idle service, so a poll rarely brings more than it may take; what it
 *                         may not take is fetched again)
 * @param createTopics     {@code create-topics}: create the three topics at start when missing (default false)
 * @param partitions       {@code partitions}: the partitions of the topics it creates (default 3)
 */
record KafkaIntakeSettings(String name, IntakeSettings.Mode mode, String bootstrapServers, String topic, String group,
                           Optional<String> resultsTopic, String deadLetterTopic, MessageIds messageId,
                           int maxPollRecords, boolean createTopics, int partitions) {

    static final Set<String> KEYS = Set.of("bootstrap-servers", "topic", "group", "results-topic", "dead-letter-topic",
            "message-id", "max-poll-records", "create-topics", "partitions");

    static KafkaIntakeSettings of(IntakeSettings s) {
        s.requireOnly(KEYS);
        String topic = topicName(s, "topic", s.text("topic"));
        String resultsTopic = s.text("results-topic", null);
        return new KafkaIntakeSettings(s.name(), s.mode(), s.text("bootstrap-servers"), topic, s.text("group", "c2a"),
                Optional.ofNullable(resultsTopic).map(t -> topicName(s, "results-topic", t)),
                topicName(s, "dead-letter-topic", s.text("dead-letter-topic", topic + ".dlq")),
                MessageIds.parse(s.key("message-id"), s.text("message-id", "offset")),
                s.integer("max-poll-records", 20, 1, 10_000), s.bool("create-topics", false),
                s.integer("partitions", 3, 1, 10_000));
    }

    /** Kafka's own rule for topic names, checked here so that the message names the setting. */
    private static String topicName(IntakeSettings s, String key, String name) {
        if (!name.matches("[a-zA-Z0-9._-]{1,249}") || name.equals(".") || name.equals("..")) {
            throw new InvalidSettingException(s.key(key) + ": '" + name + "' is no Kafka topic name (letters, digits,"
                    + " '.', '_' and '-', at most 249)");
        }
        return name;
    }

    Map<String, Object> consumerConfig() {
        Map<String, Object> c = new HashMap<>(common("consumer"));
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a new group takes the jobs published before c2a first started, not only later ones
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // a node joining or leaving moves only the partitions that change owner, not all of them
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return c;
    }

    Map<String, Object> producerConfig() {
        Map<String, Object> c = new HashMap<>(common("producer"));
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // a send waits this long for a broker that is away (or a topic that is missing), then fails
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return c;
    }

    Map<String, Object> adminConfig() {
        return common("admin");
    }

    /**
     * The clients reconnect by themselves with capped exponential backoff (with jitter) up to 10 s. Each has
     * an id of its own: the broker's logs and quotas tell them apart, and JMX refuses two of one name.
     */
    private Map<String, Object> common(String role) {
        return Map.of("bootstrap.servers", bootstrapServers,
                "client.id", "c2a-" + name + "-" + role,
                "reconnect.backoff.ms", 100,
                "reconnect.backoff.max.ms", 10_000,
                "retry.backoff.ms", 100,
                "retry.backoff.max.ms", 10_000,
                "socket.connection.setup.timeout.ms", 5_000,
                "socket.connection.setup.timeout.max.ms", 10_000);
    }
}
