package dev.c2a.cluster;

import dev.c2a.api.ServiceState;
import dev.c2a.maintenance.Duties;
import dev.c2a.queue.Coordination;
import dev.c2a.worker.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Brings this node's workers to the desired state in the database: the newer of the cluster's and
 * the node's lifecycle ({@link Desired}), and the node's worker count. Runs every second, at once
 * when another node announces a change, and on the caller's thread after a change made here. A
 * version is marked applied only once the pool took it (a node still draining starts afterwards).
 */
public final class ControlSync implements Duties.Duty {
    private static final Logger LOG = LoggerFactory.getLogger(ControlSync.class);
    /** How often a node reads the desired state when it hears of no change. */
    public static final Duration EVERY = Duration.ofSeconds(1);
    private final Coordination coordination;
    private final String nodeId;
    private final WorkerPool pool;
    private final Desired.Defaults defaults;
    /** Told after the pool took a change: the node's beat then publishes it at once. */
    private volatile Runnable afterChange = () -> { };
    private long appliedState = -1;
    private long appliedWorkers = -1;
    private boolean stopped;

    public ControlSync(Coordination coordination, String nodeId, WorkerPool pool, Desired.Defaults defaults) {
        this.coordination = coordination;
        this.nodeId = nodeId;
        this.pool = pool;
        this.defaults = defaults;
    }

    @Override
    public String name() {
        return "desired state";
    }

    void afterChange(Runnable then) {
        this.afterChange = then;
    }

    /** Takes no more changes (the node shuts down). */
    synchronized void stop() {
        stopped = true;
    }

    @Override
    public synchronized void run() {
        if (stopped) {
            return;
        }
        Desired want = Desired.of(coordination.desired(nodeId), defaults);
        long stateWas = appliedState;
        long workersWas = appliedWorkers;
        if (want.workersVersion() != appliedWorkers) {
            if (want.workers() != pool.desired()) {
                LOG.info("workers {} -> {} (desired state version {})", pool.desired(), want.workers(),
                        want.workersVersion());
                pool.resize(want.workers());
            }
            appliedWorkers = want.workersVersion();
        }
        if (want.stateVersion() != appliedState && apply(want.state(), want.drain())) {
            appliedState = want.stateVersion();
        }
        if (stateWas != appliedState || workersWas != appliedWorkers) {
            afterChange.run();
        }
    }

    /**
     * Takes a change of this node that the database could not record (it cannot write: a full disk,
     * a server away): the operator is obeyed here and now, and the node keeps it until the next
     * recorded change or its restart.
     */
    public synchronized void applyUnrecorded(Coordination.Change change) {
        if (change.workers() != null) {
            pool.resize(change.workers());
        } else {
            apply(change.state(), change.drain() == null ? defaults.drain() : change.drain());
        }
        afterChange.run();
    }

    /**
     * Moves the pool toward {@code state} (a stop draining up to {@code drain}); true once it is
     * there, or on its way to stopped.
     */
    private boolean apply(ServiceState state, Duration drain) {
        ServiceState now = pool.state();
        if (now == ServiceState.DRAINING) {
            return state == ServiceState.STOPPED;
        }
        switch (state) {
            case RUNNING -> {
                if (now == ServiceState.STOPPED) {
                    pool.start();
                } else if (now == ServiceState.PAUSED) {
                    pool.resume();
                }
            }
            case PAUSED -> {
                if (now == ServiceState.STOPPED) {
                    pool.startPaused();
                } else if (now == ServiceState.RUNNING) {
                    pool.pause();
                }
            }
            case STOPPED, DRAINING -> {
                if (now != ServiceState.STOPPED) {
                    pool.stop(drain);
                }
            }
        }
        return true;
    }
}
