package dev.c2a.intake.redis;

import dev.c2a.intake.Intake;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XClaimParams;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mode on-result: the entries this consumer has made jobs of and holds pending until their job
 * finished. Redis has no lease to extend, only the entry's idle time, which other nodes'
 * {@code XAUTOCLAIM} goes by: {@link #keepAlive} resets it by claiming the entries again for this
 * consumer ({@code XCLAIM … 0 … JUSTID}, which does not count as a delivery).
 *
 * <p>Used by the consumer's thread only.
 */
final class HeldEntries {
    private final Map<StreamEntryID, String> jobs = new LinkedHashMap<>();

    boolean holds(StreamEntryID id) {
        return jobs.containsKey(id);
    }

    void hold(StreamEntryID id, String jobId) {
        jobs.put(id, jobId);
    }

    int size() {
        return jobs.size();
    }

    /** Acknowledges the entries whose job has finished. */
    void release(Jedis jedis, RedisOptions options, Intake intake) {
        List<StreamEntryID> done = new ArrayList<>();
        jobs.forEach((id, jobId) -> {
            if (intake.finished(jobId).isPresent()) {
                done.add(id);
            }
        });
        if (!done.isEmpty()) {
            jedis.xack(options.stream(), options.group(), done.toArray(StreamEntryID[]::new));
            done.forEach(jobs::remove);
        }
    }

    /**
     * Resets the idle time of every held entry. An entry that is no longer pending (another node took
     * it over while this one stalled, and acknowledged it) is dropped: its job is that node's to watch.
     */
    void keepAlive(Jedis jedis, RedisOptions options, String consumer) {
        if (jobs.isEmpty()) {
            return;
        }
        Set<StreamEntryID> pending = new HashSet<>(jedis.xclaimJustId(options.stream(), options.group(), consumer, 0,
                XClaimParams.xClaimParams(), jobs.keySet().toArray(StreamEntryID[]::new)));
        jobs.keySet().retainAll(pending);
    }
}
