package dev.c2a.intake.redis;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamEntryBinary;
import redis.clients.jedis.resps.StreamPendingEntry;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the abandoned entries (pending longer than claim-idle) that were delivered
 * {@code delivery-limit} times already, and takes them for the dead-letter stream instead of another
 * try: a message that makes its node crash or stall would otherwise be taken over by every node in
 * turn, forever. Redis counts a delivery at each read of an entry, a first one or a re-read of a
 * consumer's own pending entries after a reconnect, not at a takeover itself.
 */
final class PoisonEntries {
    private final RedisOptions options;
    private final String consumer;

    PoisonEntries(RedisOptions options, String consumer) {
        this.options = options;
        this.consumer = consumer;
    }

    /**
     * Claims for this consumer up to {@code max} abandoned entries delivered too often, each with the
     * reason to dead-letter it; the caller stores the dead letters, then acknowledges them.
     */
    Map<StreamEntryBinary, String> claim(Jedis jedis, int max) {
        long idle = options.claimIdle().toMillis();
        Map<StreamEntryID, Long> overdelivered = new LinkedHashMap<>();
        List<StreamPendingEntry> abandoned = jedis.xpending(options.stream(), options.group(),
                XPendingParams.xPendingParams(StreamEntryID.MINIMUM_ID, StreamEntryID.MAXIMUM_ID, max).idle(idle));
        for (StreamPendingEntry p : abandoned) {
            if (p.getDeliveredTimes() >= options.deliveryLimit()) {
                overdelivered.put(p.getID(), p.getDeliveredTimes());
            }
        }
        Map<StreamEntryBinary, String> poison = new LinkedHashMap<>();
        if (overdelivered.isEmpty()) {
            return poison;
        }
        // only those still idle that long: another node may have taken one over since XPENDING
        List<StreamEntryID> mine = jedis.xclaimJustId(options.stream(), options.group(), consumer, idle,
                XClaimParams.xClaimParams(), overdelivered.keySet().toArray(StreamEntryID[]::new));
        for (StreamEntryID id : mine) {
            poison.put(entry(jedis, id), "delivered " + overdelivered.get(id) + " times and never acknowledged:"
                    + " its consumers crashed or stalled each time (intake." + options.name() + ".delivery-limit)");
        }
        return poison;
    }

    /** The entry with its fields (none when it was deleted from the stream meanwhile). */
    private StreamEntryBinary entry(Jedis jedis, StreamEntryID id) {
        byte[] key = options.stream().getBytes(StandardCharsets.UTF_8);
        byte[] at = id.toString().getBytes(StandardCharsets.UTF_8);
        List<Object> found = jedis.xrange(key, at, at, 1);
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        if (!found.isEmpty()) {
            List<?> flat = (List<?>) ((List<?>) found.getFirst()).get(1);
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                fields.put((byte[]) flat.get(i), (byte[]) flat.get(i + 1));
            }
        }
        return new StreamEntryBinary(id, fields);
    }
}
