package dev.c2a.queue.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Tells the other nodes on the database, after a commit here made jobs claimable, with a
 * {@code NOTIFY} of its own (a thread of its own sends it). Debounced: every commit that asks while
 * a notice is being sent is covered by the one next notice, so a burst of submissions costs a few
 * notices, not one each. why after the commit, not in it: a {@code NOTIFY} in a transaction takes
 * the server's one notify-queue lock at commit, lining up every submitting commit behind it; and a
 * notice is a hint, so one lost with a crash in between costs at most the others' poll interval.
 */
final class AnnounceWork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnnounceWork.class);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);

    private final DataSource pool;
    private final String instance;
    private final AtomicBoolean asked = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean closed;

    /** @param instance this queue instance's name, which its own listener skips */
    AnnounceWork(DataSource pool, String instance) {
        this.pool = pool;
        this.instance = instance;
        this.thread = Thread.ofPlatform().name("c2a-announce").daemon().start(this::run);
    }

    /** After a commit that made jobs claimable; returns at once. */
    void announce() {
        if (asked.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        boolean failing = false;
        while (!closed) {
            if (!asked.getAndSet(false)) {
                LockSupport.park(this);
                continue;
            }
            try (Connection c = pool.getConnection();
                 PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                // why: a notice is sent when its transaction commits, and a pool may hand out connections without autocommit
                c.setAutoCommit(true);
                s.setString(1, ListenForWork.CHANNEL);
                s.setString(2, instance);
                s.execute();
                if (failing) {
                    LOG.info("telling other nodes of new jobs again");
                    failing = false;
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!failing) {
                    LOG.warn("could not tell other nodes of new jobs ({}); they find them by their poll", e.getMessage());
                    failing = true;
                }
                // the notice is dropped (a hint; the others poll); this only keeps a down database from being asked in a spin
                LockSupport.parkNanos(this, PAUSE_AFTER_FAILURE.toNanos());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
