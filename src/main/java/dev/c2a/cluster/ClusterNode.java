package dev.c2a.cluster;

import dev.c2a.api.Actor;
import dev.c2a.api.Node;
import dev.c2a.job.QueueUnavailableException;
import dev.c2a.maintenance.Duties;
import dev.c2a.queue.Coordination;
import dev.c2a.worker.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * This process as one node of the cluster that shares its database (on SQLite, a cluster of one):
 * its beat, its part in the leader election, and its reconciliation to the desired state, each a
 * duty of its own on the thread {@code c2a-cluster}, where the leader's maintenance runs too.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    private static final Duration WATCH_EVERY = Duration.ofSeconds(1);
    private final Coordination coordination;
    private final WorkerPool pool;
    private final Duration lease;
    private final Instant startedAt;
    private final Duties duties = new Duties("c2a-cluster");
    /** The beat's watch, on a thread of its own: the cluster thread may hang in a statement. */
    private final Duties watchdog = new Duties("c2a-beat-watch");
    private final Leadership leadership;
    private final ControlSync sync;
    private volatile NodeBeat beat;

    public ClusterNode(Coordination coordination, WorkerPool pool, Duration lease, Desired.Defaults defaults,
                       Instant startedAt) {
        this.coordination = coordination;
        this.pool = pool;
        this.lease = lease;
        this.startedAt = startedAt;
        this.leadership = new Leadership(coordination, pool.node(), lease, System::nanoTime);
        this.sync = new ControlSync(coordination, pool.node().id(), pool, defaults);
    }

    public Node node() {
        return pool.node();
    }

    /**
     * Takes the desired state, beats and stands for leader once on the caller's thread (so a node
     * alone leads at once), then on the duties' schedule. {@code snapshot} is the node's view as
     * JSON; it must not ask the database.
     */
    public void start(Supplier<String> snapshot) {
        sync.run();
        beat = new NodeBeat(coordination, pool.node(), startedAt, lease, pool, snapshot, System::nanoTime);
        beat.run();
        // why: the cluster view shows a node as its last beat left it; a change is shown at once
        sync.afterChange(this::beatSoon);
        leadership.run();
        Duration every = NodeBeat.every(lease);
        duties.schedule(beat, every, every);
        watchdog.schedule(Duties.duty("beat watch", beat::watch), WATCH_EVERY, WATCH_EVERY);
        duties.schedule(leadership, Leadership.every(lease), Leadership.every(lease));
        duties.schedule(sync, ControlSync.EVERY, ControlSync.EVERY);
        coordination.onChange(() -> duties.runSoon(sync));
    }

    /** Beats soon, off the caller's thread: what the node publishes changed (its state, its URL). */
    public void beatSoon() {
        if (beat != null) {
            duties.runSoon(beat);
        }
    }

    /** Runs {@code duty} on the cluster's thread every {@code every} (the leader's duties check {@link #leads}). */
    public void schedule(Duties.Duty duty, Duration every) {
        duties.schedule(duty, every, every);
    }

    /** Whether this node leads the maintenance now. */
    public boolean leads() {
        return leadership.leads();
    }

    /** Whether this node may recover expired leases now (it leads, and not just after an outage). */
    public boolean mayRecover() {
        return leadership.mayRecover();
    }

    /**
     * Records a change of desired state with its audit row; when it concerns this node, the node
     * takes it before this returns. Other nodes take it when they hear of it, or within a second.
     */
    public long change(String scope, Coordination.Change change, Actor actor) {
        long version = coordination.change(scope, change, actor);
        if (scope.equals(Coordination.CLUSTER) || scope.equals(Coordination.nodeScope(pool.node().id()))) {
            sync.run();
        }
        return version;
    }

    /**
     * For a shutdown: the node no longer takes changes of desired state (a change to running must
     * not start the workers again while they drain). It goes on beating, holding its leases.
     */
    public void stopFollowing() {
        sync.stop();
    }

    /**
     * A change of this node's own, recorded as {@link #change} does; when the database cannot record
     * it, taken here all the same (and said in the log): an operator must be able to stop, start or
     * resize a node whose database is away.
     */
    public void changeThisNode(Coordination.Change change, Actor actor) {
        try {
            change(Coordination.nodeScope(pool.node().id()), change, actor);
        } catch (QueueUnavailableException e) {
            LOG.warn("the database could not record {} of node {} ({}); taken here until the next recorded change or"
                    + " a restart", change.action(), pool.node().id(), e.getMessage());
            sync.applyUnrecorded(change);
        }
    }

    /** Stops the duties, then says the node left (and gives up the leadership at once). */
    @Override
    public void close() {
        watchdog.close();
        duties.close();
        try {
            coordination.leave(pool.node());
        } catch (RuntimeException e) {
            LOG.info("could not mark node {} as left ({}); it shows lost after three beats", pool.node().id(),
                    e.getMessage());
        }
    }
}
