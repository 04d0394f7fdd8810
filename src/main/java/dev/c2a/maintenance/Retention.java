package dev.c2a.maintenance;

import dev.c2a.events.Metrics;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.JobQueue.Pruned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The retention duty: removes finished jobs whose time is up, then their files. A round, once
 * shortly after start and then every minute by the injected clock:
 * <ol>
 *   <li>jobs past their own ttl, or past {@code retention} (the setting) without one;</li>
 *   <li>while the finished jobs' results store more than {@code store-max-bytes}, those that
 *       finished first;</li>
 *   <li>tombstones kept {@link #TOMBSTONES_KEPT}.</li>
 * </ol>
 * Each batch of {@link #BATCH} jobs is one transaction (rows and tombstones), so other writers get
 * their turn between batches; then the batch's files go, through {@code deleteFiles} (audio and
 * captions in the object store, checkpoints). The queue judges what is due by its own "now" (the
 * database's, on PostgreSQL) and each of its prunes is guarded: the leader runs this duty, and two
 * leaders for a moment prune each job, and remove its files, once.
 *
 * <p>Rows go before files: a job whose files could not be removed (the store is down) is gone all
 * the same, and its files are orphans, which the store's garbage collection removes. A round that
 * fails is logged; the next one tries again.
 */
public final class Retention implements Duties.Duty {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    /** Jobs per transaction: a few milliseconds of the database's single writer (SQLite) at a time. */
    static final int BATCH = 500;
    static final Duration EVERY = Duration.ofMinutes(1);
    /** The first round waits for the start (migrations, lease recovery, the first claims) to settle. */
    static final Duration FIRST_AFTER = Duration.ofSeconds(10);
    /** How often the clock is read to see whether a round is due: {@link Duties} runs this duty that often. */
    public static final Duration TICK = Duration.ofSeconds(1);
    /**
     * How long a pruned job's tombstone answers for it (410 Gone, with when and why). why 90 days:
     * a client that polls a job, or a link to its audio in a mail or a feed, comes back within
     * weeks, and learning that the job was pruned (and why) beats a 404 that reads like a wrong
     * id; after months nobody asks, and the table should not grow for ever.
     */
    public static final Duration TOMBSTONES_KEPT = Duration.ofDays(90);

    private final JobQueue queue;
    private final Duration retention;
    private final Long storeMaxBytes;
    private final Consumer<String> deleteFiles;
    private final Metrics metrics;
    private final InstantSource clock;
    private Instant nextRound;

    /**
     * @param retention     how long a finished job without a ttl is kept; null: for ever
     * @param storeMaxBytes the cap on what finished jobs store; null: none
     * @param deleteFiles   removes every file of a job, given its id
     */
    public Retention(JobQueue queue, Duration retention, Long storeMaxBytes, Consumer<String> deleteFiles,
                     Metrics metrics, InstantSource clock) {
        this.queue = queue;
        this.retention = retention;
        this.storeMaxBytes = storeMaxBytes;
        this.deleteFiles = deleteFiles;
        this.metrics = metrics;
        this.clock = clock;
        // the rounds: the first FIRST_AFTER from now, then every EVERY, by the clock
        this.nextRound = clock.instant().plus(FIRST_AFTER);
    }

    @Override
    public String name() {
        return "retention (pruning finished jobs)";
    }

    /** Runs a round when the clock says one is due; a round that fails is tried again at the next. */
    @Override
    public void run() {
        Instant now = clock.instant();
        if (now.isBefore(nextRound)) {
            return;
        }
        nextRound = now.plus(EVERY);
        round();
    }

    /** One round; returns how many jobs it pruned. */
    int round() {
        Map<String, Integer> byReason = new TreeMap<>();
        drain(() -> queue.pruneExpired(retention, BATCH), byReason);
        if (storeMaxBytes != null) {
            drain(() -> queue.pruneToSize(storeMaxBytes, BATCH), byReason);
        }
        while (!Thread.currentThread().isInterrupted() && queue.pruneTombstones(TOMBSTONES_KEPT, BATCH) == BATCH) {
            // another batch of old tombstones
        }
        int pruned = byReason.values().stream().mapToInt(Integer::intValue).sum();
        if (pruned > 0) {
            LOG.info("pruned {} finished job(s): {}", pruned, byReason);
        }
        return pruned;
    }

    /** Batches until one comes back short; each batch's files right after its commit. */
    private void drain(Supplier<List<Pruned>> batch, Map<String, Integer> byReason) {
        List<Pruned> pruned;
        do {
            if (Thread.currentThread().isInterrupted()) {
                // the service is closing (Duties interrupts its thread)
                return;
            }
            pruned = batch.get();
            for (Pruned p : pruned) {
                removeFiles(p);
                metrics.pruned(p.rule());
                byReason.merge(p.reason(), 1, Integer::sum);
            }
        } while (pruned.size() == BATCH);
    }

    private void removeFiles(Pruned p) {
        try {
            deleteFiles.accept(p.jobId());
        } catch (RuntimeException e) {
            // why INFO: the job is gone either way; what is left is disk, not a fault to act on
            LOG.info("pruned job {} ({}), but its files were not all removed ({}); they are orphans now, for the"
                    + " store's garbage collection", p.jobId(), p.reason(), e.getMessage());
        }
    }
}
