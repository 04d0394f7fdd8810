package dev.c2a.intake.redis;

import dev.c2a.config.IntakeSettings;
import dev.c2a.intake.Backoff;
import dev.c2a.intake.Intake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntryBinary;
import redis.clients.jedis.resps.StreamGroupInfo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The intake's consuming thread: reads the stream as one consumer of the group and hands what it read
 * over ({@link Handover}: accept, then dead letters and {@code XACK}).
 *
 * <p>Invariants: it reads only while {@link Intake#room()} is above 0 and never more than room
 * entries at a time; an entry is acknowledged only after accept returned it (and, in mode on-result,
 * after its job finished) or after its dead letter was stored. When accept throws, the same entries
 * are offered again after a backoff. When the connection broke, it reads its own pending entries
 * again from the start ({@code XREADGROUP … 0}) before new ones: the inbox turns those it already
 * made jobs of into duplicates. Entries pending at a consumer that is gone (a node that crashed) are
 * taken over once idle longer than {@code claim-idle} ({@code XAUTOCLAIM}) and read the same way,
 * unless they were delivered {@code delivery-limit} times already ({@link PoisonEntries}).
 */
final class StreamConsumer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamConsumer.class);
    /** How long a read waits for new entries: room is looked at again after it. */
    private static final int BLOCK_MILLIS = 200;
    private static final int MAX_BATCH = 256;
    private static final Duration ROOM_POLL = Duration.ofMillis(200);
    private static final Duration HELD_CHECK = Duration.ofSeconds(1);
    private static final Duration LAG_CHECK = Duration.ofSeconds(1);
    private static final StreamEntryID START = new StreamEntryID(0, 0);

    private final RedisOptions options;
    private final Connections connections;
    private final String consumer;
    private final StatusBoard status;
    private final HeldEntries held = new HeldEntries();
    private final IdleConsumers idleConsumers = new IdleConsumers();
    private final PoisonEntries poisonEntries;
    private final Handover handover;
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
    private final CountDownLatch closed = new CountDownLatch(1);
    private final byte[] stream;
    private final byte[] group;
    private final byte[] consumerName;
    private Intake intake;
    private volatile Jedis jedis;
    /** Where the read of this consumer's own pending entries is; null once they are all read. */
    private StreamEntryID history = START;
    /** The batch read but not yet taken in (accept threw, or room went while reading): offered first. */
    private List<StreamEntryBinary> retry = List.of();
    private long nextHeldCheck;
    private long nextKeepAlive;
    private long nextClaim;
    private long nextLagCheck;
    private long nextSweep;

    StreamConsumer(RedisOptions options, Connections connections, String consumer, StatusBoard status) {
        this.options = options;
        this.connections = connections;
        this.consumer = consumer;
        this.status = status;
        this.stream = bytes(options.stream());
        this.group = bytes(options.group());
        this.consumerName = bytes(consumer);
        this.poisonEntries = new PoisonEntries(options, consumer);
        this.handover = new Handover(options, status, held);
    }

    void intake(Intake intake) {
        this.intake = intake;
    }

    @Override
    public void run() {
        while (!isClosed()) {
            try {
                if (jedis == null) {
                    connect();
                }
                step();
                backoff.reset();
                status.succeeded("consumer");
            } catch (JedisException e) {
                failed("redis " + connections.where() + ": ", e, true);
            } catch (RuntimeException e) {
                // accept threw (the ledger is down, the disk full): the batch stays, offered again
                failed("accept: ", e, false);
            } catch (Error e) {
                // the thread ends: status must not go on showing it connected and consuming
                status.failed("consumer", "stopped consuming: " + e);
                disconnect();
                throw e;
            }
        }
        disconnect();
    }

    /** Asks the loop to end; it does within one blocking read. */
    void stop() {
        closed.countDown();
    }

    /** Closes the connection under a loop that did not end in time, so that it acknowledges nothing more. */
    void abort() {
        Jedis j = jedis;
        if (j != null) {
            j.disconnect();
        }
    }

    private boolean isClosed() {
        return closed.getCount() == 0;
    }

    private void connect() {
        Jedis j = connections.open();
        try {
            j.xgroupCreate(options.stream(), options.group(), START, true);
        } catch (JedisDataException e) {
            if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
                j.close();
                throw e;
            }
        }
        jedis = j;
        history = START;
        // what the batch held is pending at this consumer still, and read again with the rest
        retry = List.of();
        status.connected(true);
        LOG.info("intake {}: consuming {} on {} as {} of group {}", options.name(), options.stream(),
                connections.where(), consumer, options.group());
    }

    private void step() {
        long now = System.nanoTime();
        if (options.mode() == IntakeSettings.Mode.ON_RESULT) {
            if (now - nextHeldCheck >= 0) {
                held.release(jedis, options, intake);
                nextHeldCheck = now + HELD_CHECK.toNanos();
            }
            if (now - nextKeepAlive >= 0) {
                held.keepAlive(jedis, options, consumer);
                nextKeepAlive = now + keepAlivePeriod().toNanos();
            }
        }
        if (now - nextLagCheck >= 0) {
            status.lag(lag());
            nextLagCheck = now + LAG_CHECK.toNanos();
        }
        if (now - nextSweep >= 0) {
            int removed = idleConsumers.sweep(jedis, options, consumer);
            if (removed > 0) {
                LOG.info("intake {}: removed {} idle consumers of group {} with nothing pending", options.name(),
                        removed, options.group());
            }
            nextSweep = now + options.claimIdle().toNanos();
        }
        int room = Math.min(intake.room(), MAX_BATCH);
        status.consuming(room > 0);
        if (room <= 0) {
            pause(ROOM_POLL);
            return;
        }
        if (now - nextClaim >= 0) {
            claimAbandoned(room);
            nextClaim = now + claimPeriod().toNanos();
        }
        List<StreamEntryBinary> entries = retry.isEmpty() ? read(room) : retry;
        if (entries.isEmpty()) {
            return;
        }
        retry = entries;
        // the read waited: a service paused meanwhile takes nothing in, the entries wait for room
        if (intake.room() <= 0) {
            status.consuming(false);
            return;
        }
        handover.deliver(jedis, intake, entries);
        retry = List.of();
    }

    /** Often enough that no held entry gets near claim-idle, even when a check is late. */
    private Duration keepAlivePeriod() {
        Duration third = options.claimIdle().dividedBy(3);
        return third.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : third;
    }

    private Duration claimPeriod() {
        Duration half = options.claimIdle().dividedBy(2);
        return half.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : half;
    }

    /**
     * Takes over up to {@code room} entries pending longer than claim-idle at any consumer (this one
     * included), then reads them as its own pending entries.
     */
    private void claimAbandoned(int room) {
        handover.deadLetter(jedis, poisonEntries.claim(jedis, room));
        var claimed = jedis.xautoclaimJustId(options.stream(), options.group(), consumer,
                options.claimIdle().toMillis(), START, XAutoClaimParams.xAutoClaimParams().count(room));
        List<StreamEntryID> ids = claimed.getValue().stream().filter(id -> !held.holds(id)).toList();
        if (!ids.isEmpty()) {
            LOG.info("intake {}: took over {} entries pending longer than {}", options.name(), ids.size(),
                    options.claimIdle());
            history = START;
        }
    }

    /** Up to {@code room} entries: this consumer's own pending ones first (those not held), then new ones. */
    private List<StreamEntryBinary> read(int room) {
        while (history != null) {
            List<StreamEntryBinary> mine = entries(jedis.xreadGroupBinary(group, consumerName,
                    XReadGroupParams.xReadGroupParams().count(room), Map.of(stream, history)));
            if (mine.isEmpty()) {
                history = null;
                break;
            }
            history = mine.getLast().getID();
            List<StreamEntryBinary> unheld = mine.stream().filter(e -> !held.holds(e.getID())).toList();
            if (!unheld.isEmpty()) {
                return unheld;
            }
        }
        return entries(jedis.xreadGroupBinary(group, consumerName,
                XReadGroupParams.xReadGroupParams().count(room).block(BLOCK_MILLIS),
                Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)));
    }

    private static List<StreamEntryBinary> entries(List<Map.Entry<byte[], List<StreamEntryBinary>>> reply) {
        if (reply == null) {
            return List.of();
        }
        List<StreamEntryBinary> all = new ArrayList<>();
        reply.forEach(s -> all.addAll(s.getValue()));
        return all;
    }

    /** Entries of the stream not yet delivered to the group, as Redis 7 counts them; -1 when it cannot tell. */
    private long lag() {
        for (StreamGroupInfo g : jedis.xinfoGroups(options.stream())) {
            if (g.getName().equals(options.group())) {
                return g.getGroupInfo().get("lag") instanceof Long n ? n : -1;
            }
        }
        return -1;
    }

    /** Records the error (before status shows the connection gone), drops the connection if asked, waits. */
    private void failed(String what, RuntimeException e, boolean reconnect) {
        String message = what + e.getClass().getSimpleName() + ": " + e.getMessage();
        status.failed("consumer", message);
        if (reconnect) {
            disconnect();
        }
        Duration wait = backoff.next();
        LOG.warn("intake {}: {}; trying again in {} ms", options.name(), message, wait.toMillis());
        pause(wait);
    }

    private void disconnect() {
        Jedis j = jedis;
        jedis = null;
        status.connected(false);
        if (j != null) {
            try {
                j.close();
            } catch (RuntimeException e) {
                // the connection is broken already
            }
        }
    }

    private void pause(Duration d) {
        try {
            closed.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed.countDown();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
