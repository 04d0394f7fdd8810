package dev.c2a.cluster;

import dev.c2a.api.Node;
import dev.c2a.job.QueueUnavailableException;
import dev.c2a.maintenance.Duties;
import dev.c2a.queue.Coordination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Takes or renews the maintenance leadership every {@link #every} (a second, or a third of a short
 * lease), so a dead leader's successor leads within about a second of its term's end. This node
 * believes it leads until one lease after it last asked (by its own monotonic clock, counted from
 * before the statement, so never later than the database's expiry); the database's guarded upsert
 * decides who holds the term. After the database was unreachable, and after the node starts, lease
 * recovery waits one more lease: the other nodes need that long to beat again and keep their jobs.
 */
public final class Leadership implements Duties.Duty {
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
    private final Coordination coordination;
    private final Node node;
    private final Duration ttl;
    private final LongSupplier nanos;
    private volatile long leadsUntil;
    private volatile long term;
    private volatile long recoverFrom;
    private volatile boolean leading;
    private boolean unreachable;

    /** @param nanos a monotonic clock ({@code System::nanoTime}) */
    public Leadership(Coordination coordination, Node node, Duration ttl, LongSupplier nanos) {
        this.coordination = coordination;
        this.node = node;
        this.ttl = ttl;
        this.nanos = nanos;
        this.leadsUntil = nanos.getAsLong();
        // why a lease from the start too: a node started just after an outage cannot tell, and the
        // other nodes may need that long to beat again
        this.recoverFrom = leadsUntil + ttl.toNanos();
    }

    /** How often a node stands for leader: a second at most, so a dead leader's successor comes soon after its term ends. */
    public static Duration every(Duration ttl) {
        return Duration.ofMillis(Math.min(1000, ttl.toMillis() / 3));
    }

    @Override
    public String name() {
        return "leader election";
    }

    @Override
    public void run() {
        long asked = nanos.getAsLong();
        try {
            var held = coordination.lead(Coordination.MAINTENANCE, node, ttl);
            if (unreachable) {
                unreachable = false;
                recoverFrom = asked + ttl.toNanos();
                LOG.info("the database answers again; lease recovery waits one lease ({} s) for the nodes to beat",
                        ttl.toSeconds());
            }
            if (held.isPresent()) {
                if (!leading || term != held.get()) {
                    LOG.info("node {} leads the maintenance (term {})", node.id(), held.get());
                }
                term = held.get();
                leadsUntil = asked + ttl.toNanos();
                leading = true;
            } else if (leading) {
                LOG.info("node {} no longer leads the maintenance", node.id());
                leading = false;
            }
        } catch (QueueUnavailableException e) {
            // the node's beat says so in the log; the term runs out by itself
            unreachable = true;
        }
    }

    /** Whether this node leads now: its term was renewed within the last lease. */
    public boolean leads() {
        return leading && nanos.getAsLong() - leadsUntil < 0;
    }

    /** Whether the leader may recover expired leases now: it leads, and not just after an outage. */
    public boolean mayRecover() {
        return leads() && nanos.getAsLong() - recoverFrom >= 0;
    }

    /** The term this node holds or last held; 0 before it ever led. */
    public long term() {
        return term;
    }
}
