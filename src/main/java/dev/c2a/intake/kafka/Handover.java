package dev.c2a.intake.kafka;

import dev.c2a.config.IntakeSettings;
import dev.c2a.intake.Inbound;
import dev.c2a.intake.Intake;
import dev.c2a.intake.Intake.Outcome;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Hands a batch of records to the service: each gets its message id (a record without one is refused
 * here), {@link Intake#accept} makes the jobs, the refused records go to the dead-letter topic in the
 * order they came, and only then is each record marked done, or held until its job finishes (mode
 * on-result), in its partition's progress.
 */
final class Handover {
    private final KafkaIntakeSettings settings;
    private final Intake intake;
    private final DeadLetters deadLetters;
    private final KafkaStatus status;

    Handover(KafkaIntakeSettings settings, Intake intake, DeadLetters deadLetters, KafkaStatus status) {
        this.settings = settings;
        this.intake = intake;
        this.deadLetters = deadLetters;
        this.status = status;
    }

    /**
     * Accept, then dead letters, then the records' progress ({@code progressOf} is empty for a partition
     * revoked since): nothing is marked done before the service has it. Throws, marking nothing, when
     * accept or a dead letter failed: the caller seeks back and the same records come again.
     */
    void hand(List<ConsumerRecord<byte[], byte[]>> taken,
              Function<ConsumerRecord<?, ?>, Optional<PartitionProgress>> progressOf)
            throws ExecutionException, InterruptedException {
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
            progressOf.apply(f.record()).ifPresent(p -> p.done(f.record().offset()));
        }
        accepted.forEach((r, a) -> {
            progressOf.apply(r).ifPresent(p -> {
                if (settings.mode() == IntakeSettings.Mode.ON_RESULT) {
                    p.hold(r.offset(), a.jobId());
                } else {
                    p.done(r.offset());
                }
            });
        });
    }
}
