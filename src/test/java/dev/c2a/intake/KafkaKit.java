package dev.c2a.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.json.Json;
import dev.c2a.testing.Kafka;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The contract's broker: the JVM's shared Kafka ({@link Kafka#shared()}), each channel a job topic
 * (of {@value #PARTITIONS} partition, or {@value #OWN_PARTITIONS} on an own broker), a results topic and a
 * dead-letter topic of one, and a consumer group, all named afresh. Messages are published with their id
 * as the record key; the intake's settings keep the default message id ({@code topic/partition/offset}).
 */
public final class KafkaKit implements BrokerKit {
    /**
     * The job topic's partitions on the shared broker: one, as the contract checks that dead letters keep
     * the order of their messages, which Kafka keeps within a partition only.
     */
    static final int PARTITIONS = 1;
    /** On an own broker, several: the kill test then crosses commits per partition. */
    static final int OWN_PARTITIONS = 3;

    @Override
    public String type() {
        return "kafka";
    }

    @Override
    public Channel newChannel() {
        return newChannel(PARTITIONS);
    }

    /** A channel on the shared broker whose job topic has {@code partitions} partitions. */
    KafkaChannel newChannel(int partitions) {
        return new KafkaChannel(Kafka.shared(), partitions);
    }

    @Override
    public Own own() {
        Kafka.Own own = Kafka.own();
        return new Own() {
            @Override
            public Channel newChannel() {
                return new KafkaChannel(own.kafka(), OWN_PARTITIONS);
            }

            @Override
            public void kill() {
                own.kill();
            }

            @Override
            public void start() {
                own.start();
            }

            @Override
            public void close() {
                own.close();
            }
        };
    }

    /** One test's topics and group; its readers keep what they read, so each call sees every record so far. */
    static final class KafkaChannel implements Channel {
        private final Kafka kafka;
        private final String topic;
        private final String group;
        private final KafkaProducer<byte[], byte[]> producer;
        private final Reader<String> results;
        private final Reader<DeadLetter> deadLetters;

        KafkaChannel(Kafka kafka, int partitions) {
            this.kafka = kafka;
            this.topic = Kafka.uniqueName("jobs");
            this.group = Kafka.uniqueName("c2a");
            kafka.createTopics(partitions, topic);
            kafka.createTopics(1, topic + ".results", topic + ".dlq");
            this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000),
                    new ByteArraySerializer(), new ByteArraySerializer());
            this.results = new Reader<>(kafka, topic + ".results", r -> new String(r.value(), StandardCharsets.UTF_8),
                    event -> Json.read(event, JsonNode.class).path("eventId").asText());
            this.deadLetters = new Reader<>(kafka, topic + ".dlq", r -> {
                Header reason = r.headers().lastHeader("x-c2a-reason");
                return new DeadLetter(r.value(), reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8));
            }, d -> d);
        }

        /** The job topic. */
        String topic() {
            return topic;
        }

        Kafka kafka() {
            return kafka;
        }

        @Override
        public Map<String, String> settings() {
            Map<String, String> s = new HashMap<>();
            s.put("type", "kafka");
            s.put("bootstrap-servers", kafka.bootstrapServers());
            s.put("topic", topic);
            s.put("group", group);
            s.put("results-topic", topic + ".results");
            s.put("dead-letter-topic", topic + ".dlq");
            return s;
        }

        @Override
        public void publish(List<Message> messages) throws Exception {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Message m : messages) {
                RecordHeaders headers = new RecordHeaders();
                m.headers().forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
                byte[] key = m.id() == null ? null : m.id().getBytes(StandardCharsets.UTF_8);
                sent.add(producer.send(new ProducerRecord<>(topic, null, key, m.body(), headers)));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }

        /**
         * Waits for {@code atLeast} distinct events (by event id), not records: after c2a was killed some
         * events come twice, and the last jobs' events may still be on their way when the count of
         * records, duplicates included, is reached.
         */
        @Override
        public List<String> results(int atLeast, Duration wait) {
            return results.read(atLeast, wait);
        }

        @Override
        public List<DeadLetter> deadLetters(int atLeast, Duration wait) {
            return deadLetters.read(atLeast, wait);
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(5));
            results.close();
            deadLetters.close();
            kafka.deleteTopics(List.of(topic, topic + ".results", topic + ".dlq"));
        }
    }

    /**
     * Reads a one-partition topic from its start, keeping every record read; counts them by
     * {@code identity} when waiting (records with one identity count once).
     */
    private static final class Reader<T> {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Function<ConsumerRecord<byte[], byte[]>, T> convert;
        private final Function<T, Object> identity;
        private final List<T> read = new ArrayList<>();
        private final Set<Object> distinct = new HashSet<>();

        Reader(Kafka kafka, String topic, Function<ConsumerRecord<byte[], byte[]>, T> convert,
               Function<T, Object> identity) {
            this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.convert = convert;
            this.identity = identity;
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
        }

        synchronized List<T> read(int atLeast, Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            do {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    T t = convert.apply(r);
                    read.add(t);
                    distinct.add(identity.apply(t));
                }
            } while (distinct.size() < atLeast && System.nanoTime() < deadline);
            return List.copyOf(read);
        }

        synchronized void close() {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }
}
