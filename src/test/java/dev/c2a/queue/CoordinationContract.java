package dev.c2a.queue;

import dev.c2a.api.Actor;
import dev.c2a.api.Node;
import dev.c2a.api.Role;
import dev.c2a.api.ServiceState;
import dev.c2a.testing.Race;
import dev.c2a.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.c2a.testing.Specs.aSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link JobQueue}'s {@link Coordination} must keep: a node's beat holds its own leases
 * and no one else's, a node three beats late is lost, one node at a time leads until its term
 * expires, and desired state is versioned, audited and read back the same by every instance.
 * Subclass once per implementation, as {@link JobQueueContract}.
 */
public abstract class CoordinationContract {
    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration EVERY = Duration.ofSeconds(5);
    private static final Actor ALICE = new Actor("alice", Role.OPERATOR, "127.0.0.1");
    private static final Node A = new Node("a", "inc1");
    private static final Node B = new Node("b", "inc2");
    protected final SettableClock clock = new SettableClock();
    protected JobQueue queue;
    private JobQueue other;

    protected abstract JobQueue open(SettableClock clock, RetryPolicy retry);

    /** A second instance on the same database, as another node opens it; empty when there can be none. */
    protected abstract Optional<JobQueue> openAnother(SettableClock clock, RetryPolicy retry);

    @BeforeEach
    void openQueue() {
        queue = open(clock, RetryPolicy.defaults());
    }

    @AfterEach
    void closeQueue() {
        if (other != null) {
            other.close();
        }
        queue.close();
    }

    private JobQueue otherNode() {
        Optional<JobQueue> opened = openAnother(clock, RetryPolicy.defaults());
        assumeTrue(opened.isPresent(), "this implementation cannot open a second instance on the same store");
        other = opened.get();
        return other;
    }

    private Coordination nodes() {
        return queue.coordination();
    }

    private Lease running(Node node, String worker) {
        queue.enqueue(aSpec("Job of " + node.owner(worker) + "."));
        return queue.claim(node.owner(worker), LEASE).orElseThrow();
    }

    private Coordination.Beat beat(Node node, Lease... held) {
        return nodes().beat(node, clock.instant(), EVERY, "{\"node\":\"" + node.id() + "\"}", LEASE, List.of(held));
    }

    @Test
    void a_beat_holds_the_leases_its_workers_hold_and_no_other() {
        Lease a1 = running(A, "w1");
        Lease a2 = running(A, "w2");
        Lease b1 = running(B, "w1");
        Lease oldA = running(new Node("a", "inc0"), "w1");
        clock.advance(LEASE.minusSeconds(1));

        Coordination.Beat beat = beat(A, a1, a2);

        assertThat(beat.leases()).extracting(Coordination.HeldLease::jobId)
                .containsExactlyInAnyOrder(a1.jobId(), a2.jobId());
        assertThat(beat.leases()).allSatisfy(h -> assertThat(h.cancelRequested()).isFalse());
        clock.advance(Duration.ofSeconds(2));
        assertThat(queue.recoverExpiredLeases()).extracting(e -> e.lease().jobId())
                .as("the other node's and the old incarnation's leases ran out; a's were held")
                .containsExactlyInAnyOrder(b1.jobId(), oldA.jobId());
    }

    @Test
    void a_lease_of_the_node_that_no_worker_holds_any_more_runs_out() {
        Lease kept = running(A, "w1");
        Lease abandoned = running(A, "w2");
        clock.advance(LEASE.minusSeconds(1));

        assertThat(beat(A, kept).leases()).extracting(Coordination.HeldLease::jobId).containsExactly(kept.jobId());

        clock.advance(Duration.ofSeconds(2));
        assertThat(queue.recoverExpiredLeases()).extracting(e -> e.lease().jobId())
                .as("the job its worker gave up on (the database was away) goes back to the queue")
                .containsExactly(abandoned.jobId());
    }

    @Test
    void a_beat_tells_of_a_cancel_asked_for_anywhere() {
        Lease lease = running(A, "w1");
        queue.cancel(lease.jobId());

        assertThat(beat(A, lease).leases()).containsExactly(new Coordination.HeldLease(lease.jobId(), lease.token(),
                true));
    }

    @Test
    void a_lease_taken_over_is_not_held_by_its_old_node() {
        Lease lost = running(A, "w1");
        clock.advance(LEASE.plusSeconds(1));
        queue.recoverExpiredLeases();
        Lease taken = queue.claim(B.owner("w1"), LEASE).orElseThrow();
        assertThat(taken.jobId()).isEqualTo(lost.jobId());

        assertThat(beat(A, lost).leases()).as("its token is no longer the job's").isEmpty();
        assertThat(beat(B, taken).leases()).containsExactly(new Coordination.HeldLease(taken.jobId(), taken.token(),
                false));
    }

    @Test
    void a_beat_tells_of_the_row_another_incarnation_under_the_same_id_wrote() {
        Node again = new Node("a", "inc9");
        assertThat(beat(A).before()).as("no row yet").isNull();
        assertThat(beat(A).before()).as("its own row").isNull();
        Instant first = clock.instant();
        clock.advance(Duration.ofSeconds(2));

        Coordination.Member before = beat(again).before();
        assertThat(before).isNotNull();
        assertThat(before.id()).isEqualTo("a");
        assertThat(before.incarnation()).isEqualTo("inc1");
        assertThat(before.startedAt()).isEqualTo(first);
        assertThat(before.beatAt()).isEqualTo(first);
        assertThat(before.every()).isEqualTo(EVERY);
        assertThat(beat(again).before()).as("its own row now").isNull();
        assertThat(beat(A).before().incarnation()).isEqualTo("inc9");
        assertThat(beat(B).before()).as("another id's row is not this one's").isNull();
    }

    @Test
    void a_node_three_beats_late_is_lost_and_one_that_left_is_not() {
        beat(A);
        beat(B);
        clock.advance(EVERY.multipliedBy(3).plusMillis(1));
        beat(B);

        Coordination.Members members = nodes().members();
        assertThat(members.nodes()).extracting(Coordination.Member::id).containsExactly("a", "b");
        assertThat(members.nodes().get(0).lostAt(members.now())).isTrue();
        assertThat(members.nodes().get(1).lostAt(members.now())).isFalse();
        assertThat(members.nodes().get(1).snapshot()).isEqualTo("{\"node\":\"b\"}");

        nodes().leave(B);
        clock.advance(Duration.ofMinutes(1));
        Coordination.Member b = nodes().members().nodes().get(1);
        assertThat(b.leftAt()).isNotNull();
        assertThat(b.lostAt(clock.instant())).as("left, not lost").isFalse();
    }

    @Test
    void one_node_leads_until_its_term_expires_and_the_next_gets_a_higher_term() {
        assertThat(nodes().lead(Coordination.MAINTENANCE, A, LEASE)).contains(1L);
        assertThat(nodes().lead(Coordination.MAINTENANCE, B, LEASE)).isEmpty();
        clock.advance(LEASE.minusSeconds(1));
        assertThat(nodes().lead(Coordination.MAINTENANCE, A, LEASE)).as("renewed").contains(1L);
        clock.advance(LEASE.minusSeconds(1));
        assertThat(nodes().lead(Coordination.MAINTENANCE, B, LEASE)).as("a renewed in time").isEmpty();
        assertThat(nodes().leader(Coordination.MAINTENANCE)).map(Coordination.Leader::nodeId).contains("a");

        clock.advance(LEASE.plusSeconds(1));
        assertThat(nodes().leader(Coordination.MAINTENANCE)).as("expired").isEmpty();
        assertThat(nodes().lead(Coordination.MAINTENANCE, B, LEASE)).contains(2L);
        assertThat(nodes().lead(Coordination.MAINTENANCE, A, LEASE)).as("a's term is over").isEmpty();
        Coordination.Leader leader = nodes().leader(Coordination.MAINTENANCE).orElseThrow();
        assertThat(leader.nodeId()).isEqualTo("b");
        assertThat(leader.term()).isEqualTo(2);
        assertThat(leader.expiresAt()).isEqualTo(clock.instant().plus(LEASE));
    }

    @Test
    void a_new_incarnation_of_the_leader_waits_for_the_old_term_to_expire() {
        nodes().lead(Coordination.MAINTENANCE, A, LEASE);
        Node restarted = new Node("a", "inc9");

        assertThat(nodes().lead(Coordination.MAINTENANCE, restarted, LEASE)).isEmpty();
        clock.advance(LEASE.plusMillis(1));
        assertThat(nodes().lead(Coordination.MAINTENANCE, restarted, LEASE)).contains(2L);
    }

    @Test
    void a_node_that_leaves_hands_the_leadership_over_at_once() {
        nodes().lead(Coordination.MAINTENANCE, A, LEASE);
        beat(A);

        nodes().leave(A);

        assertThat(nodes().leader(Coordination.MAINTENANCE)).isEmpty();
        assertThat(nodes().lead(Coordination.MAINTENANCE, B, LEASE)).contains(2L);
    }

    @Test
    void of_two_nodes_standing_at_once_one_leads() throws Exception {
        JobQueue second = otherNode();
        for (int round = 0; round < 10; round++) {
            clock.advance(LEASE.plusSeconds(1));
            List<String> leaders = new CopyOnWriteArrayList<>();
            Race.run(2, t -> (t == 0 ? queue : second).coordination().lead(Coordination.MAINTENANCE, t == 0 ? A : B,
                    LEASE).ifPresent(term -> leaders.add(t == 0 ? "a" : "b")));
            assertThat(leaders).as("round %d", round).hasSize(1);
        }
    }

    @Test
    void changes_are_versioned_audited_and_the_newer_scope_decides() {
        long paused = nodes().change(Coordination.CLUSTER, Coordination.Change.to(ServiceState.PAUSED, null), ALICE);
        long resumed = nodes().change(Coordination.nodeScope("a"), Coordination.Change.to(ServiceState.RUNNING, null),
                Actor.EMBEDDED);
        long resized = nodes().change(Coordination.nodeScope("a"), Coordination.Change.workers(4), ALICE);
        long stopped = nodes().change(Coordination.CLUSTER, Coordination.Change.to(ServiceState.STOPPED,
                Duration.ofSeconds(30)), ALICE);

        assertThat(List.of(paused, resumed, resized, stopped)).isSorted().doesNotHaveDuplicates();
        Coordination.Desired a = nodes().desired("a");
        assertThat(a.cluster()).isEqualTo(new Coordination.ScopeRow(ServiceState.STOPPED, stopped,
                Duration.ofSeconds(30), null, 0));
        assertThat(a.node()).isEqualTo(new Coordination.ScopeRow(ServiceState.RUNNING, resumed, null, 4, resized));
        assertThat(nodes().desired("b").node()).isEqualTo(Coordination.ScopeRow.NONE);

        List<Coordination.AuditRow> audit = nodes().audit(3, null);
        assertThat(audit).extracting(Coordination.AuditRow::id).containsExactly(stopped, resized, resumed);
        assertThat(audit.getFirst()).satisfies(r -> {
            assertThat(r.actor()).isEqualTo("alice");
            assertThat(r.role()).isEqualTo("operator");
            assertThat(r.origin()).isEqualTo("127.0.0.1");
            assertThat(r.action()).isEqualTo("stop");
            assertThat(r.scope()).isEqualTo("cluster");
            assertThat(r.detail()).isEqualTo("drain 30s");
            assertThat(r.at()).isEqualTo(clock.instant());
        });
        assertThat(audit.get(1).detail()).isEqualTo("4");
        assertThat(nodes().audit(10, resumed)).extracting(Coordination.AuditRow::id).containsExactly(paused);
    }

    @Test
    void a_change_made_on_one_instance_is_read_by_another() {
        JobQueue second = otherNode();
        long v = nodes().change(Coordination.CLUSTER, Coordination.Change.to(ServiceState.PAUSED, null), ALICE);

        assertThat(second.coordination().desired("b").cluster().stateVersion()).isEqualTo(v);
        beat(A);
        assertThat(second.coordination().members().nodes()).extracting(Coordination.Member::id).containsExactly("a");
    }

    @Test
    void nodes_gone_longer_than_kept_are_forgotten() {
        beat(A);
        clock.advance(Duration.ofHours(2));
        beat(B);

        assertThat(nodes().forgetNodes(Duration.ofHours(1))).isEqualTo(1);
        assertThat(nodes().members().nodes()).extracting(Coordination.Member::id).containsExactly("b");
    }
}
