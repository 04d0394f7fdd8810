package dev.c2a.queue.postgres;

import dev.c2a.queue.JobQueue;
import dev.c2a.queue.sql.WorkNotices;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The node's one LISTEN connection: a thread of its own waits for other nodes' notices that jobs
 * were committed and wakes this node's dispatcher, once for all the notices that arrived together.
 * When the connection is lost (or a pooler in transaction mode makes LISTEN useless) the dispatcher
 * still finds jobs by its poll every second; this thread reconnects after {@link #RETRY}. This
 * node's own notices go out through {@link AnnounceWork}.
 */
final class ListenForWork implements WorkNotices {
    static final String CHANNEL = "c2a_work";
    /** Where changes of desired state are announced ({@link PostgresDialect#controlNotice()}). */
    static final String CONTROL_CHANNEL = "c2a_control";
    private static final Logger LOG = LoggerFactory.getLogger(ListenForWork.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final int WAIT_MILLIS = 500;

    private final DataSource pool;
    private final String instance;
    private final AnnounceWork announcer;
    private volatile boolean closed;
    private volatile Runnable controlListener = () -> { };
    private Thread thread;

    /** @param instance this queue instance's name in its own notices, which it skips */
    ListenForWork(DataSource pool, String instance) {
        this.pool = pool;
        this.instance = instance;
        this.announcer = new AnnounceWork(pool, instance);
    }

    @Override
    public void announce() {
        announcer.announce();
    }

    @Override
    public void onControl(Runnable listener) {
        this.controlListener = listener;
    }

    @Override
    public synchronized void listen(JobQueue.WorkListener listener) {
        if (thread == null && !closed) {
            thread = Thread.ofPlatform().name("c2a-listen").daemon().start(() -> run(listener));
        }
    }

    private void run(JobQueue.WorkListener listener) {
        boolean lost = false;
        while (!closed) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                // why: LISTEN takes effect when its transaction commits, and a pool may hand out
                // connections without autocommit
                c.setAutoCommit(true);
                s.execute("LISTEN " + CHANNEL);
                s.execute("LISTEN " + CONTROL_CHANNEL);
                if (lost) {
                    LOG.info("listening for other nodes' jobs again");
                    lost = false;
                    // why: what was committed while nobody listened is there to claim now
                    listener.work(JobQueue.WorkListener.MANY);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notices = pg.getNotifications(WAIT_MILLIS);
                    boolean others = false;
                    boolean control = false;
                    for (PGNotification n : notices == null ? new PGNotification[0] : notices) {
                        if (n.getName().equals(CONTROL_CHANNEL)) {
                            control = true;
                        } else {
                            others |= !instance.equals(n.getParameter());
                        }
                    }
                    if (control) {
                        controlListener.run();
                    }
                    if (others) {
                        // how many jobs a notice stands for is not known: one covers a burst of commits
                        listener.work(JobQueue.WorkListener.MANY);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!lost) {
                    LOG.warn("not listening for other nodes' jobs ({}); the dispatcher polls every second meanwhile",
                            e.getMessage());
                    lost = true;
                }
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        announcer.close();
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
