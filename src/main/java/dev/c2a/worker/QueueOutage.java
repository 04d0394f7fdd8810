package dev.c2a.worker;

import dev.c2a.job.QueueUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * A worker's or the dispatcher's pace while its queue's database does not answer (a PostgreSQL
 * server restarting, a full disk): the waits between tries double from the poll interval up to
 * {@link #MAX_WAIT}, so an outage costs a try every few seconds, not a spin; the first failure is
 * logged once, without a stack trace (every write fails the same way), and the return once.
 */
final class QueueOutage {
    private static final Logger LOG = LoggerFactory.getLogger(QueueOutage.class);
    static final Duration MAX_WAIT = Duration.ofSeconds(8);

    /** Who waits, for the log: "worker w1", "the dispatcher". */
    private final String who;
    private final Duration firstWait;
    /** Null while the database answers. */
    private Duration wait;

    QueueOutage(String who, Duration firstWait) {
        this.who = who;
        this.firstWait = firstWait;
    }

    /**
     * Notes a failure and waits before the next try; false when the wait was interrupted (the
     * interrupt stays set for the caller).
     */
    boolean failed(QueueUnavailableException e) {
        if (wait == null) {
            LOG.warn("{}: the job queue does not answer ({}); trying again with waits of up to {} s", who,
                    e.getMessage(), MAX_WAIT.toSeconds());
            wait = firstWait;
        } else {
            wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
        }
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The database answered. */
    void over() {
        if (wait != null) {
            LOG.info("{}: the job queue answers again", who);
            wait = null;
        }
    }
}
