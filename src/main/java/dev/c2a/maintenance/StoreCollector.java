package dev.c2a.maintenance;

import dev.c2a.audio.AudioStore;
import dev.c2a.job.Job;
import dev.c2a.job.JobState;
import dev.c2a.queue.JobQueue;
import dev.c2a.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The store's garbage collection: removes the objects no job will ever point to — the audio of
 * attempts that were fenced out or died between publishing and completing, of failed, cancelled
 * and deleted jobs, and the checkpoints of jobs that will not run again — once they are older than
 * a grace period. Nothing a succeeded job points to is ever removed: its audio is kept when its
 * result names the same claim (fencing token).
 *
 * <p>Safe to run on every node at once and beside running jobs: an object is judged by its job's
 * state, read once per run (possibly before the object was listed), and only once the object is
 * older than the grace period, far longer than a run or than an attempt's step from publishing to
 * recording its result. An attempt's objects only become garbage once a later state (another
 * claim, the end of the job) makes them unreachable; a running job keeps all its objects until it
 * ends. A cancelled job's checkpoints went when it was cancelled; a retried one speaks again.
 */
public final class StoreCollector implements Duties.Duty {
    /**
     * why an hour: an attempt publishes its files, then records its result; a collector that saw
     * the files but not yet the result would take them. An hour is far longer than that step, even
     * across a database failover.
     */
    public static final Duration GRACE = Duration.ofHours(1);
    /** why every 10 minutes: a run lists the whole store; garbage is rare and costs space, not correctness. */
    public static final Duration EVERY = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(StoreCollector.class);
    /** A claim's file: job id, fencing token, then its extension or chapter number. */
    private static final Pattern CLAIM_FILE = Pattern.compile("([0-9a-f-]{36})-(\\d{1,18})[.-].*");
    private static final Pattern CHECKPOINT = Pattern.compile("checkpoints/([0-9a-f-]{36})/.*");
    /** Jobs looked up in one run are remembered up to this many, then forgotten: a run's memory stays bounded. */
    private static final int REMEMBERED_JOBS = 10_000;

    private final ObjectStore store;
    private final JobQueue queue;
    private final InstantSource clock;
    private final Duration grace;

    public StoreCollector(ObjectStore store, JobQueue queue, InstantSource clock, Duration grace) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
        this.grace = grace;
    }

    /** How many objects one run removed: audio files and checkpoints. */
    public record Collected(int audio, int checkpoints) {
    }

    @Override
    public String name() {
        return "the store's garbage collection";
    }

    @Override
    public void run() throws IOException {
        Collected c = collect();
        if (c.audio() + c.checkpoints() > 0) {
            LOG.info("garbage collection removed {} audio file(s) and {} checkpoint(s) no job points to",
                    c.audio(), c.checkpoints());
        }
    }

    public Collected collect() throws IOException {
        Instant before = clock.instant().minus(grace);
        Map<String, Optional<Job>> jobs = new HashMap<>();
        int audio = 0;
        int checkpoints = 0;
        try (Stream<ObjectStore.Entry> entries = store.list(AudioStore.PREFIX)) {
            for (ObjectStore.Entry e : (Iterable<ObjectStore.Entry>) entries::iterator) {
                Matcher m = CLAIM_FILE.matcher(e.key().substring(AudioStore.PREFIX.length()));
                if (e.modified().isBefore(before) && m.matches()
                        && !audioKept(job(jobs, m.group(1)), Long.parseLong(m.group(2)))) {
                    store.delete(e.key());
                    audio++;
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        try (Stream<ObjectStore.Entry> entries = store.list("checkpoints/")) {
            for (ObjectStore.Entry e : (Iterable<ObjectStore.Entry>) entries::iterator) {
                Matcher m = CHECKPOINT.matcher(e.key());
                if (e.modified().isBefore(before) && m.matches() && !checkpointKept(job(jobs, m.group(1)))) {
                    store.delete(e.key());
                    checkpoints++;
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Collected(audio, checkpoints);
    }

    private Optional<Job> job(Map<String, Optional<Job>> jobs, String id) {
        if (jobs.size() >= REMEMBERED_JOBS && !jobs.containsKey(id)) {
            jobs.clear();
        }
        return jobs.computeIfAbsent(id, queue::find);
    }

    /** A running job keeps everything until it ends; a succeeded one the files of the claim its result names. */
    static boolean audioKept(Optional<Job> job, long token) {
        if (job.isEmpty()) {
            return false;
        }
        Job j = job.get();
        if (j.state() == JobState.RUNNING) {
            return true;
        }
        if (j.state() != JobState.SUCCEEDED || j.result() == null) {
            return false;
        }
        Matcher m = CLAIM_FILE.matcher(j.result().file());
        return m.matches() && Long.parseLong(m.group(2)) == token;
    }

    /** Checkpoints serve a job that may still run: queued, running, or failed (a retry resumes from them). */
    static boolean checkpointKept(Optional<Job> job) {
        return job.map(j -> j.state() == JobState.QUEUED || j.state() == JobState.RUNNING
                || j.state() == JobState.FAILED).orElse(false);
    }
}
