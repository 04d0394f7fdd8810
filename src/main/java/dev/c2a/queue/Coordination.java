package dev.c2a.queue;

import dev.c2a.api.Actor;
import dev.c2a.api.Node;
import dev.c2a.api.ServiceState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The ledger's tables for the nodes that share it: who is there ({@link #beat}), who leads the
 * maintenance ({@link #lead}), what the operators asked for ({@link #change}) and who asked
 * ({@link #audit}). Every write is one guarded statement (or one transaction on a single-writer
 * database), so nodes need no other channel to agree; time is the database's, as for leases.
 *
 * <p>Invariants of the leadership, which maintenance relies on: at most one node holds a term at a
 * time by the database's clock; a term ends when its holder stops renewing it for {@code ttl}, or
 * resigns; every new holder gets a higher term. A node may still believe it leads for a moment after
 * its term ended (its clock is not the database's), so every maintenance statement is guarded by
 * what it changes, never by being the leader.
 */
public interface Coordination {
    /** The one leadership row's name: the node that runs the maintenance. */
    String MAINTENANCE = "maintenance";
    /** The scope of a change for every node. */
    String CLUSTER = "cluster";

    /** The scope of a change for one node. */
    static String nodeScope(String nodeId) {
        return "node:" + nodeId;
    }

    /**
     * Registers the one listener told soon after another node changed desired state (a hint: the
     * node also reads it every second), where the database can tell.
     */
    void onChange(Runnable listener);

    /**
     * This node is alive: its row is written with {@code snapshot} (JSON) and each of {@code held},
     * the leases its workers hold, is extended by {@code leaseTime} while its token is still the
     * job's, in one statement. Returns the leases extended, each with whether its job's cancellation
     * was asked for; one of {@code held} not among them is lost (another node took the job over);
     * and the row it replaced when another incarnation under the node's id had written it.
     */
    Beat beat(Node node, Instant startedAt, Duration every, String snapshot, Duration leaseTime, List<Lease> held);

    /** Every node's row, with the database's "now" to judge who is lost. */
    Members members();

    /** A node that stops on purpose: shown {@code left}, not lost; its leadership, if any, ends now. */
    void leave(Node node);

    /**
     * Takes the leadership named {@code name} for {@code ttl} when no one holds it (or its holder let
     * it expire), or renews it when {@code node} holds it. Returns the term when {@code node} leads.
     */
    Optional<Long> lead(String name, Node node, Duration ttl);

    /** Who leads, when someone does (by the database's clock). */
    Optional<Leader> leader(String name);

    /** Records a change of desired state and its audit row in one transaction; returns the change's version. */
    long change(String scope, Change change, Actor actor);

    /** What the operators asked of this node: the cluster's row and the node's own. */
    Desired desired(String nodeId);

    /** Audit rows, newest first, older than {@code beforeId} when it is not null. */
    List<AuditRow> audit(int limit, Long beforeId);

    /** Rows of nodes lost or left longer than {@code keep} ago are removed; returns how many. */
    int forgetNodes(Duration keep);

    /** A lease {@link #beat} extended. */
    record HeldLease(String jobId, long token, boolean cancelRequested) {
    }

    /**
     * @param at     the database's "now" of the beat
     * @param before the node's row as it was before this beat, when another incarnation of the same
     *               node id had written it (a predecessor, or a second process under the same id);
     *               null when the row was this incarnation's or there was none
     */
    record Beat(Instant at, List<HeldLease> leases, Member before) {
    }

    record Member(String id, String incarnation, Instant startedAt, Instant beatAt, Duration every, Instant leftAt,
                  String snapshot) {
        /** Missed three beats: its leases have expired or will at once. */
        public boolean lostAt(Instant now) {
            return leftAt == null && now.isAfter(beatAt.plus(every.multipliedBy(3)));
        }
    }

    record Members(Instant now, List<Member> nodes) {
    }

    record Leader(String nodeId, String incarnation, long term, Instant since, Instant expiresAt) {
    }

    /**
     * A change of desired state: the lifecycle ({@code state}, and the drain of a stop) or the worker
     * count, not both.
     */
    record Change(ServiceState state, Duration drain, Integer workers) {
        public static Change to(ServiceState state, Duration drain) {
            return new Change(state, drain, null);
        }

        public static Change workers(int count) {
            return new Change(null, null, count);
        }

        /** The audit's words for it: "pause", "stop (drain 30s)", "workers 4". */
        public String action() {
            if (workers != null) {
                return "workers";
            }
            return switch (state) {
                case RUNNING -> "run";
                case PAUSED -> "pause";
                case STOPPED, DRAINING -> "stop";
            };
        }
    }

    /**
     * One scope's row of desired state; versions are the audit ids of the changes, so a newer change
     * anywhere has a higher version. Zero versions: never set.
     */
    record ScopeRow(ServiceState state, long stateVersion, Duration drain, Integer workers, long workersVersion) {
        public static final ScopeRow NONE = new ScopeRow(null, 0, null, null, 0);
    }

    /** The cluster's row and the node's. */
    record Desired(ScopeRow cluster, ScopeRow node) {
    }

    record AuditRow(long id, Instant at, String actor, String role, String origin, String action, String scope,
                    String detail) {
    }
}
