package dev.c2a.intake.redis;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamConsumerInfo;

import java.util.List;

/**
 * Removes the group's consumers that hold no pending entries and have been idle for twice
 * {@code claim-idle}: every start of a c2a node is a consumer of its own, so those of past starts
 * would pile up. A live consumer removed while it waited for room is made again by its next read.
 */
final class IdleConsumers {
    /**
     * Checks and deletes in one step: XGROUP DELCONSUMER drops a consumer's pending entries, which
     * would then never be delivered again, and a consumer may have read some since XINFO looked.
     */
    private static final String DELETE_IF_NOTHING_PENDING = """
            if #redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, ARGV[2]) == 0 then
              return redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
            end
            return -1""";

    /** Returns how many consumers it removed. */
    int sweep(Jedis jedis, RedisOptions options, String self) {
        long idleMillis = options.claimIdle().toMillis() * 2;
        int removed = 0;
        for (StreamConsumerInfo c : jedis.xinfoConsumers2(options.stream(), options.group())) {
            if (!c.getName().equals(self) && c.getPending() == 0 && c.getIdle() > idleMillis) {
                Object r = jedis.eval(DELETE_IF_NOTHING_PENDING, List.of(options.stream()),
                        List.of(options.group(), c.getName()));
                if (r instanceof Long n && n >= 0) {
                    removed++;
                }
            }
        }
        return removed;
    }
}
