package dev.c2a.maintenance;

import dev.c2a.worker.WorkerPool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Watches the free space of the data directory (the ledger on SQLite, staged audio, the local
 * store). Under {@code minFree} bytes the node claims no more jobs and refuses submissions, so that
 * what is accepted and running can still be written; running jobs go on. It claims again once the
 * space is back above the watermark plus a margin, so that it does not flap at the edge.
 */
public final class DiskWatch implements Duties.Duty {
    /** why every second: a book's encoder writes megabytes a second; the watch must see the disk fill. */
    public static final java.time.Duration EVERY = java.time.Duration.ofSeconds(1);
    private final Path dir;
    private final long minFree;
    private final WorkerPool pool;
    private final InstantSource clock;
    private volatile Reading last;

    /** @param minFree 0 turns the watch off */
    public DiskWatch(Path dir, long minFree, WorkerPool pool, InstantSource clock) {
        this.dir = dir;
        this.minFree = minFree;
        this.pool = pool;
        this.clock = clock;
    }

    /** One look at the disk: free bytes (-1 when it could not be read), whether under the watermark, since when. */
    public record Reading(String path, long freeBytes, long minFreeBytes, boolean low, Instant since) {
    }

    @Override
    public String name() {
        return "the disk watch of " + dir;
    }

    @Override
    public void run() {
        check();
    }

    /** Looks at the disk now; holds or releases claims accordingly. */
    public Reading check() {
        long free;
        try {
            free = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            free = -1;
        }
        Reading was = last;
        boolean wasLow = was != null && was.low();
        // an unreadable disk keeps the last verdict: it is no sign that space came back
        boolean low = free < 0 ? wasLow : minFree > 0 && free < (wasLow ? resumeAt() : minFree);
        Reading now = new Reading(dir.toString(), free, minFree, low, was != null && was.low() == low ? was.since()
                : clock.instant());
        last = now;
        if (low) {
            pool.holdClaims("disk", why(now));
        } else {
            // every time, not only after a low reading: two checks at once must not leave a hold behind
            pool.releaseClaims("disk");
        }
        return now;
    }

    /** The last reading (taken now when there is none yet). */
    public Reading reading() {
        Reading r = last;
        return r != null ? r : check();
    }

    /** Why submissions are refused now, when they are. */
    public Optional<String> refusal() {
        Reading r = reading();
        return r.low() ? Optional.of(why(r)) : Optional.empty();
    }

    /** A tenth of the watermark (at least 64 KiB) above it: one job's staged files should not flip it back. */
    private long resumeAt() {
        return minFree + Math.max(minFree / 10, 64 * 1024);
    }

    private static String why(Reading r) {
        return "the data directory " + r.path() + " has " + r.freeBytes() + " bytes free, under min-free-disk ("
                + r.minFreeBytes() + "); this node accepts and claims no jobs until space is freed";
    }
}
