package dev.c2a.intake.kafka;

import dev.c2a.intake.ResultEvent;
import dev.c2a.intake.ResultPublisher;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * Publishes result events with the intake's idempotent producer: each event's JSON to its reply-to topic,
 * else to {@code results-topic}; the key is the job id (one job's events stay in order on one partition),
 * the header {@code event-id} the event's id, {@code correlation-id} the producer's. An event with
 * neither a reply-to nor a results topic configured is not published: nobody asked for it.
 */
final class KafkaResults implements ResultPublisher {
    private final Producer<byte[], byte[]> producer;
    private final Optional<String> resultsTopic;
    private final KafkaStatus status;

    KafkaResults(Producer<byte[], byte[]> producer, Optional<String> resultsTopic, KafkaStatus status) {
        this.producer = producer;
        this.resultsTopic = resultsTopic;
        this.status = status;
    }

    @Override
    public void publish(List<ResultEvent> events) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try {
            for (ResultEvent e : events) {
                Optional<String> topic = Optional.ofNullable(e.replyTo()).filter(t -> !t.isBlank()).or(() -> resultsTopic);
                if (topic.isPresent()) {
                    sent.add(producer.send(record(topic.get(), e)));
                }
            }
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        } catch (Exception e) {
            status.failed("publishing result events", e);
            throw e;
        }
        status.published.addAndGet(sent.size());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, ResultEvent e) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("event-id", utf8(e.eventId()));
        headers.add("content-type", utf8("application/json"));
        if (e.correlationId() != null) {
            headers.add("correlation-id", utf8(e.correlationId()));
        }
        return new ProducerRecord<>(topic, null, utf8(e.jobId()), utf8(e.toJson()), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
