package dev.c2a.intake.redis;

import dev.c2a.config.IntakeSettings;
import dev.c2a.intake.Inbound;
import dev.c2a.intake.Intake;
import dev.c2a.intake.Intake.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntryBinary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hands a batch of entries to {@link Intake#accept} and settles each by its outcome: acknowledged,
 * held (mode on-result, until its job finished), or stored on the dead-letter stream and then
 * acknowledged. When accept throws or a dead letter is not stored, nothing is acknowledged.
 *
 * <p>An entry is a message: its body field is the body, its other fields the headers (names in
 * lower case); its id is the message id.
 */
final class Handover {
    private static final Logger LOG = LoggerFactory.getLogger(Handover.class);

    private final RedisOptions options;
    private final StatusBoard status;
    private final HeldEntries held;
    private final byte[] stream;
    private final byte[] bodyField;

    Handover(RedisOptions options, StatusBoard status, HeldEntries held) {
        this.options = options;
        this.status = status;
        this.held = held;
        this.stream = bytes(options.stream());
        this.bodyField = bytes(options.bodyField());
    }

    void deliver(Jedis jedis, Intake intake, List<StreamEntryBinary> entries) {
        List<StreamEntryID> ack = new ArrayList<>();
        Map<StreamEntryBinary, String> dead = new LinkedHashMap<>();
        List<StreamEntryBinary> offered = new ArrayList<>();
        List<Inbound> inbound = new ArrayList<>();
        for (StreamEntryBinary e : entries) {
            if (e.getFields() == null) {
                // deleted from the stream (XDEL, trimming) while pending: nothing left to take in
                ack.add(e.getID());
                continue;
            }
            Inbound message = inbound(e);
            if (message == null) {
                dead.put(e, "the entry has no '" + options.bodyField() + "' field (the message's body)");
            } else {
                offered.add(e);
                inbound.add(message);
            }
        }
        List<Outcome> outcomes = inbound.isEmpty() ? List.of() : intake.accept(options.name(), inbound);
        if (outcomes.size() != inbound.size()) {
            throw new IllegalStateException("accept returned " + outcomes.size() + " outcomes for " + inbound.size()
                    + " messages");
        }
        for (int i = 0; i < outcomes.size(); i++) {
            StreamEntryBinary e = offered.get(i);
            switch (outcomes.get(i)) {
                case Outcome.Accepted a -> {
                    (a.created() ? status.accepted : status.duplicates).incrementAndGet();
                    if (options.mode() == IntakeSettings.Mode.ON_RESULT && intake.finished(a.jobId()).isEmpty()) {
                        held.hold(e.getID(), a.jobId());
                    } else {
                        ack.add(e.getID());
                    }
                }
                case Outcome.Refused r -> dead.put(e, r.reason());
            }
        }
        store(jedis, dead);
        dead.keySet().forEach(e -> ack.add(e.getID()));
        acknowledge(jedis, ack);
        status.deadLettered.addAndGet(dead.size());
    }

    /** Stores each entry on the dead-letter stream with its reason, then acknowledges it. */
    void deadLetter(Jedis jedis, Map<StreamEntryBinary, String> dead) {
        store(jedis, dead);
        acknowledge(jedis, dead.keySet().stream().map(StreamEntryBinary::getID).toList());
        status.deadLettered.addAndGet(dead.size());
    }

    private void acknowledge(Jedis jedis, List<StreamEntryID> ids) {
        if (!ids.isEmpty()) {
            jedis.xack(options.stream(), options.group(), ids.toArray(StreamEntryID[]::new));
        }
    }

    private Inbound inbound(StreamEntryBinary e) {
        byte[] body = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<byte[], byte[]> f : e.getFields().entrySet()) {
            if (Arrays.equals(f.getKey(), bodyField)) {
                body = f.getValue();
            } else {
                headers.put(new String(f.getKey(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT),
                        new String(f.getValue(), StandardCharsets.UTF_8));
            }
        }
        return body == null ? null : new Inbound(e.getID().toString(), body, headers);
    }

    /**
     * Stores each entry on the dead-letter stream (its fields as they were, with the reason and where
     * it came from) and returns once Redis answered every XADD; throws if one failed.
     */
    private void store(Jedis jedis, Map<StreamEntryBinary, String> dead) {
        if (dead.isEmpty()) {
            return;
        }
        Pipeline p = jedis.pipelined();
        List<Response<byte[]>> replies = new ArrayList<>();
        dead.forEach((e, reason) -> {
            Map<byte[], byte[]> fields = new LinkedHashMap<>(e.getFields());
            fields.put(bytes(DeadLetter.REASON), bytes(reason));
            fields.put(bytes(DeadLetter.ID), bytes(e.getID().toString()));
            fields.put(bytes(DeadLetter.STREAM), stream);
            replies.add(p.xadd(bytes(options.deadLetters()), XAddParams.xAddParams(), fields));
        });
        p.sync();
        replies.forEach(Response::get);
        dead.forEach((e, reason) -> LOG.warn("intake {}: entry {} dead-lettered to {}: {}", options.name(), e.getID(),
                options.deadLetters(), reason));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
