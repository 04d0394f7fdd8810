package dev.c2a.cluster;

import dev.c2a.api.Node;
import dev.c2a.job.QueueUnavailableException;
import dev.c2a.maintenance.Duties;
import dev.c2a.queue.Coordination;
import dev.c2a.queue.Lease;
import dev.c2a.worker.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The node's beat, every third of a lease: one write that says the node is alive (with a snapshot
 * of its workers for the cluster view) and holds every lease its workers have. When the database
 * does not answer, the node claims nothing more at once, and once a whole lease has passed since its
 * last beat it stops its running jobs (other nodes may have them by now; their writes here would be
 * fenced out anyway). It claims again as soon as a beat succeeds.
 */
public final class NodeBeat implements Duties.Duty {
    private static final Logger LOG = LoggerFactory.getLogger(NodeBeat.class);
    /** The name of this duty's hold on claims while the database does not answer. */
    static final String HOLD = "database";
    /** The name of its hold while another process beats under this node's id and started first. */
    static final String SAME_ID = "node id";
    private final Coordination coordination;
    private final Node node;
    private final Instant startedAt;
    private final Duration lease;
    private final WorkerPool pool;
    private final Supplier<String> snapshot;
    private final LongSupplier nanos;
    private volatile long lastBeat;
    private boolean failing;
    private volatile boolean abandoned;
    private final SameIdWatch sameId;

    public NodeBeat(Coordination coordination, Node node, Instant startedAt, Duration lease, WorkerPool pool,
                    Supplier<String> snapshot, LongSupplier nanos) {
        this.coordination = coordination;
        this.node = node;
        this.startedAt = startedAt;
        this.lease = lease;
        this.pool = pool;
        this.snapshot = snapshot;
        this.nanos = nanos;
        this.lastBeat = nanos.getAsLong();
        this.sameId = new SameIdWatch(node, startedAt);
    }

    /** A third of a lease: a node is lost after three missed beats, when its leases run out. */
    public static Duration every(Duration lease) {
        return lease.dividedBy(3);
    }

    @Override
    public String name() {
        return "node beat";
    }

    @Override
    public void run() {
        List<Lease> before = pool.runningLeases();
        long started = nanos.getAsLong();
        try {
            Coordination.Beat beat = coordination.beat(node, startedAt, every(lease), snapshot.get(), lease, before);
            lastBeat = started;
            pool.beaten(before, beat.leases());
            sameId.afterBeat(beat.at(), beat.before()).ifPresentOrElse(earlier -> pool.holdClaims(SAME_ID,
                    "another node, started earlier, beats under this node-id " + node.id() + " (incarnation "
                    + earlier.incarnation() + ", started " + earlier.startedAt() + "): give each node its own node-id"),
                    () -> pool.releaseClaims(SAME_ID));
            if (failing || abandoned) {
                failing = false;
                abandoned = false;
                LOG.info("node {} reaches the database again", node.id());
                pool.releaseClaims(HOLD);
            }
        } catch (QueueUnavailableException e) {
            if (!failing) {
                failing = true;
                pool.holdClaims(HOLD, "the database does not answer (" + e.getMessage() + ")");
            }
            watch();
        }
    }

    /**
     * Stops the running jobs once a whole lease has passed since the last beat. Called after a failed
     * beat, and each second from a thread of its own: a beat that hangs (a network partition holds a
     * statement until the socket times out, far past a lease) must not keep jobs running that other
     * nodes hold by then.
     */
    public void watch() {
        if (!abandoned && nanos.getAsLong() - lastBeat > lease.toNanos()) {
            abandoned = true;
            pool.holdClaims(HOLD, "this node has not reached the database for longer than a lease");
            LOG.warn("node {} has not reached the database for longer than a lease ({} s): stopping its running"
                    + " jobs, which other nodes may hold by now", node.id(), lease.toSeconds());
            pool.abandonRunningJobs("this node lost the database for longer than a lease");
        }
    }
}
