package dev.c2a.intake.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Sends refused records to the dead-letter topic: the same key, value and headers, plus the reason in
 * {@code x-c2a-reason} and where the record was ({@code x-c2a-topic}, {@code x-c2a-partition},
 * {@code x-c2a-offset}).
 */
final class DeadLetters {
    static final String REASON = "x-c2a-reason";

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    DeadLetters(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** A refused record and why. */
    record Refusal(ConsumerRecord<byte[], byte[]> record, String reason) {
    }

    /** Returns once the broker holds every one (acks=all); throws when it does not. */
    void send(List<Refusal> refusals) throws ExecutionException, InterruptedException {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Refusal f : refusals) {
            ConsumerRecord<byte[], byte[]> r = f.record();
            RecordHeaders headers = new RecordHeaders(r.headers().toArray());
            headers.add(REASON, f.reason().getBytes(StandardCharsets.UTF_8));
            headers.add("x-c2a-topic", r.topic().getBytes(StandardCharsets.UTF_8));
            headers.add("x-c2a-partition", Integer.toString(r.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add("x-c2a-offset", Long.toString(r.offset()).getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send(new ProducerRecord<>(topic, null, r.key(), r.value(), headers)));
        }
        for (Future<RecordMetadata> f : sent) {
            f.get();
        }
    }
}
