package dev.c2a.intake.kafka;

import dev.c2a.config.IntakeSettings;
import dev.c2a.intake.Inbound;
import dev.c2a.intake.Intake;
import dev.c2a.intake.Intake.Outcome;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The consumer thread of one Kafka intake. Each turn it asks the service for room, pauses every
 * assigned partition while there is none (or while it backs off after a failure) and resumes them when
 * there is, polls for at most 200 ms, takes at most room records (seeking each partition back to the
 * first record it did not take), hands them to {@link Intake#accept}, dead-letters the refused ones and
 * commits per partition the prefix that is done. In mode on-result accepted records are held until their
 * jobs finish, looked up once a second; polling goes on meanwhile, so the consumer stays in its group
 * however long a job runs.
 *
 * <p>When accept (or a dead letter) fails, it seeks back to the batch's first records and backs off;
 * the same records come again. When the consumer itself fails it is closed and made again after a
 * capped exponential backoff; the broker being away is no failure: the client reconnects by itself.
 */
final class ConsumerLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final long UNREACHABLE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long HELD_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long BACKOFF_BASE_MS = 200;
    private static final long BACKOFF_MAX_MS = 30_000;

    private final KafkaIntakeSettings settings;
    private final Intake intake;
    private final DeadLetters deadLetters;
    private final KafkaStatus status;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private volatile Consumer<byte[], byte[]> consumer;
    private int failures;
    private long retryAt = System.nanoTime();
    private long nextHeldCheck = System.nanoTime();
    private MetricName connectionCount;
    /** When the consumer was last seen connected (or made). */
    private long lastConnected;
    private boolean unreachableReported;
    private boolean topicsCreated;

    ConsumerLoop(KafkaIntakeSettings settings, Intake intake, Producer<byte[], byte[]> producer, KafkaStatus status) {
        this.settings = settings;
        this.intake = intake;
        this.deadLetters = new DeadLetters(producer, settings.deadLetterTopic());
        this.status = status;
    }

    @Override
    public void run() {
        while (closing.getCount() > 0) {
            try {
                if (settings.createTopics() && !topicsCreated) {
                    createTopics();
                    topicsCreated = true;
                }
                Consumer<byte[], byte[]> c = new KafkaConsumer<>(settings.consumerConfig());
                consumer = c;
                connectionCount = null;
                lastConnected = System.nanoTime();
                try {
                    if (closing.getCount() > 0) {
                        consume(c);
                    }
                } finally {
                    // not the default 30 s: a broker that is away must not hold up the service's shutdown
                    c.close(CloseOptions.timeout(CLOSE_TIMEOUT));
                }
            } catch (WakeupException e) {
                // close() woke the consumer: the loop ends
            } catch (RuntimeException | ExecutionException e) {
                status.failed("consuming " + settings.topic(), e);
                LOG.warn("intake {}: consumer failed, starting it again: {}", settings.name(), KafkaStatus.describe(e));
                await(backoff());
            } catch (InterruptedException e) {
                // only close() ends the loop; an interrupt from elsewhere ends it too, as a thread's owner asks
                Thread.currentThread().interrupt();
                return;
            } finally {
                consumer = null;
                progress.clear();
                status.connected = false;
                status.consuming = false;
            }
        }
    }

    /** Stops the loop: a poll or commit under way ends at once, accept is let finish. */
    void close() {
        closing.countDown();
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private void consume(Consumer<byte[], byte[]> c) throws InterruptedException {
        c.subscribe(List.of(settings.topic()), new Rebalance(c));
        while (closing.getCount() > 0) {
            boolean backingOff = System.nanoTime() - retryAt < 0;
            int room = backingOff ? 0 : intake.room();
            if (room > 0) {
                c.resume(c.paused());
            } else {
                c.pause(c.assignment());
            }
            ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
            if (room > 0) {
                // asked again: the service may have paused (or filled up) while the poll waited
                room = Math.min(room, intake.room());
            }
            observe(c, room > 0);
            if (!records.isEmpty()) {
                take(c, records, room);
            }
            if (settings.mode() == IntakeSettings.Mode.ON_RESULT && System.nanoTime() - nextHeldCheck >= 0) {
                nextHeldCheck = System.nanoTime() + HELD_CHECK_NANOS;
                checkHeld();
            }
            commit(c, progress.keySet());
        }
    }

    /** Takes at most {@code room} of the records; the others are fetched again later. */
    private void take(Consumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> records, int room)
            throws InterruptedException {
        List<ConsumerRecord<byte[], byte[]>> taken = new ArrayList<>();
        for (TopicPartition tp : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                if (taken.size() >= room) {
                    c.seek(tp, r.offset());
                    break;
                }
                taken.add(r);
            }
        }
        if (taken.isEmpty()) {
            return;
        }
        try {
            hand(taken);
            failures = 0;
            status.succeeded();
        } catch (RuntimeException | ExecutionException e) {
            firstOffsets(taken).forEach(c::seek);
            Duration wait = backoff();
            retryAt = System.nanoTime() + wait.toNanos();
            status.failed("taking in " + taken.size() + " records", e);
            LOG.warn("intake {}: {} records not taken in, trying again in {} ms: {}", settings.name(), taken.size(),
                    wait.toMillis(), KafkaStatus.describe(e));
        }
    }

    /** Accept, then dead letters, then the records' progress: nothing is done before the service has it. */
    private void hand(List<ConsumerRecord<byte[], byte[]>> taken) throws ExecutionException, InterruptedException {
        List<ConsumerRecord<byte[], byte[]>> withId = new ArrayList<>();
        List<Inbound> inbound = new ArrayList<>();
        Map<ConsumerRecord<byte[], byte[]>, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : taken) {
            Optional<String> id = settings.messageId().of(r);
            if (id.isPresent()) {
                withId.add(r);
                inbound.add(new Inbound(id.get(), r.value() == null ? new byte[0] : r.value(),
                        InboundHeaders.of(r.headers())));
            } else {
                reasons.put(r, settings.messageId().missing("intake." + settings.name() + ".message-id"));
            }
        }
        List<Outcome> outcomes = inbound.isEmpty() ? List.of() : intake.accept(settings.name(), inbound);
        if (outcomes.size() != inbound.size()) {
            throw new IllegalStateException("accept returned " + outcomes.size() + " outcomes for " + inbound.size()
                    + " messages");
        }
        Map<ConsumerRecord<byte[], byte[]>, Outcome.Accepted> accepted = new LinkedHashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            switch (outcomes.get(i)) {
                case Outcome.Accepted a -> accepted.put(withId.get(i), a);
                case Outcome.Refused f -> reasons.put(withId.get(i), f.reason());
            }
        }
        // in the order they came: a dead-letter topic of one partition keeps it
        List<DeadLetters.Refusal> refusals = taken.stream().filter(reasons::containsKey)
                .map(r -> new DeadLetters.Refusal(r, reasons.get(r))).toList();
        // counted now: the jobs exist even if a dead letter fails below and the batch comes again
        accepted.values().forEach(a -> (a.created() ? status.accepted : status.duplicates).incrementAndGet());
        deadLetters.send(refusals);
        status.deadLettered.addAndGet(refusals.size());
        for (DeadLetters.Refusal f : refusals) {
            progressOf(f.record()).ifPresent(p -> p.done(f.record().offset()));
        }
        accepted.forEach((r, a) -> {
            progressOf(r).ifPresent(p -> {
                if (settings.mode() == IntakeSettings.Mode.ON_RESULT) {
                    p.hold(r.offset(), a.jobId());
                } else {
                    p.done(r.offset());
                }
            });
        });
    }

    /** A partition's progress, unless it was revoked since the record was fetched. */
    private Optional<PartitionProgress> progressOf(ConsumerRecord<?, ?> r) {
        return Optional.ofNullable(progress.get(new TopicPartition(r.topic(), r.partition())));
    }

    /** Releases the held records whose jobs finished. */
    private void checkHeld() {
        try {
            for (PartitionProgress p : progress.values()) {
                for (Map.Entry<Long, String> h : List.copyOf(p.held().entrySet())) {
                    if (intake.finished(h.getValue()).isPresent()) {
                        p.finished(h.getKey());
                    }
                }
            }
        } catch (RuntimeException e) {
            status.failed("looking up held jobs", e);
        }
    }

    /** Commits the partitions whose done prefix grew; a failure is tried again on the next turn. */
    private void commit(Consumer<byte[], byte[]> c, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionProgress p = progress.get(tp);
            if (p != null) {
                p.toCommit().ifPresent(o -> offsets.put(tp, new OffsetAndMetadata(o)));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            c.commitSync(offsets, COMMIT_TIMEOUT);
            offsets.forEach((tp, o) -> {
                PartitionProgress p = progress.get(tp);
                if (p != null) {
                    p.committed(o.offset());
                }
            });
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            status.failed("committing offsets", e);
        }
    }

    /** Connected, consuming and lag, for status: from the client's own state, without asking the broker. */
    private void observe(Consumer<byte[], byte[]> c, boolean wanted) {
        if (connectionCount == null) {
            connectionCount = c.metrics().keySet().stream()
                    .filter(m -> m.name().equals("connection-count") && m.group().equals("consumer-metrics"))
                    .findFirst().orElse(null);
        }
        Metric connections = connectionCount == null ? null : c.metrics().get(connectionCount);
        boolean connected = connections != null && ((Number) connections.metricValue()).doubleValue() > 0;
        long lag = 0;
        for (TopicPartition tp : c.assignment()) {
            lag += c.currentLag(tp).orElse(0);
        }
        if (connected) {
            if (unreachableReported) {
                status.succeeded();
            }
            lastConnected = System.nanoTime();
            unreachableReported = false;
        } else if (System.nanoTime() - lastConnected > UNREACHABLE_NANOS && !unreachableReported) {
            // the client reconnects by itself and throws nothing: status is where a person sees it
            status.failed("connecting to " + settings.bootstrapServers(), new IllegalStateException("no broker answers"));
            unreachableReported = true;
        }
        status.connected = connected;
        status.consuming = connected && wanted && !c.assignment().isEmpty();
        status.lag = connected ? lag : -1;
    }

    private static Map<TopicPartition, Long> firstOffsets(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        return first;
    }

    private void createTopics() throws ExecutionException, InterruptedException {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(settings.topic(), Optional.of(settings.partitions()), Optional.empty()));
        topics.add(new NewTopic(settings.deadLetterTopic(), Optional.of(settings.partitions()), Optional.empty()));
        settings.resultsTopic().ifPresent(t -> topics.add(new NewTopic(t, Optional.of(settings.partitions()),
                Optional.empty())));
        try (Admin admin = Admin.create(settings.adminConfig())) {
            for (var f : admin.createTopics(topics).values().values()) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Exponential, capped, with equal jitter: between half and all of min(30 s, 200 ms * 2^failures). */
    private Duration backoff() {
        long ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS << Math.min(failures++, 16));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    private void await(Duration d) {
        try {
            closing.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Before partitions leave this consumer it commits what is done of them; then forgets them: records it
     * held come again to their next owner, whose inbox finds their jobs.
     */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final Consumer<byte[], byte[]> c;

        Rebalance(Consumer<byte[], byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit(c, partitions);
            partitions.forEach(progress::remove);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(progress::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> progress.put(tp, new PartitionProgress()));
        }
    }
}
