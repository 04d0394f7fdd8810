package dev.c2a.cluster;

import dev.c2a.api.Node;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.queue.memory.InMemoryJobQueue;
import dev.c2a.testing.SettableClock;
import dev.c2a.testing.Unreachable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node's belief that it leads: it lasts one term from the moment it last asked (by its own
 * monotonic clock), and lease recovery waits one more lease after the database came back.
 */
class LeadershipTest {
    private static final Duration TTL = Duration.ofSeconds(15);
    private final SettableClock clock = new SettableClock();
    private final JobQueue queue = new InMemoryJobQueue(clock, RetryPolicy.defaults());
    private final Unreachable database = new Unreachable(queue.coordination());
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Leadership a = new Leadership(database.coordination(), new Node("a", "1"), TTL, nanos::get);
    private final Leadership b = new Leadership(queue.coordination(), new Node("b", "2"), TTL, nanos::get);

    private void pass(Duration d) {
        clock.advance(d);
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void the_first_node_to_stand_leads_and_recovers_leases_a_lease_after_it_started() {
        a.run();
        b.run();

        assertThat(a.leads()).isTrue();
        assertThat(a.term()).isEqualTo(1);
        assertThat(b.leads()).isFalse();
        recoversOnlyALeaseFromNow("a node just started cannot tell an outage from a start");
    }

    @Test
    void a_leader_that_cannot_renew_stops_believing_it_leads_when_its_term_would_end() {
        a.run();
        database.away();
        pass(TTL.minusSeconds(1));
        a.run();
        assertThat(a.leads()).as("still within its term").isTrue();

        pass(Duration.ofSeconds(2));
        a.run();
        assertThat(a.leads()).isFalse();
        b.run();
        assertThat(b.leads()).as("another node takes the expired term").isTrue();
        assertThat(b.term()).isEqualTo(2);
    }

    @Test
    void after_the_database_was_away_the_leader_waits_a_lease_before_recovering() {
        a.run();
        pass(TTL);
        a.run();
        assertThat(a.mayRecover()).isTrue();
        database.away();
        pass(Duration.ofSeconds(5));
        a.run();
        database.back();
        pass(Duration.ofSeconds(1));
        a.run();

        assertThat(a.leads()).isTrue();
        recoversOnlyALeaseFromNow("the other nodes get a lease to beat again");
    }

    /** Node a, leading, may not recover leases now nor a second before one lease from now; then it may. */
    private void recoversOnlyALeaseFromNow(String why) {
        assertThat(a.mayRecover()).as(why).isFalse();
        pass(TTL.minusSeconds(1));
        a.run();
        assertThat(a.mayRecover()).as(why).isFalse();
        pass(Duration.ofSeconds(1));
        a.run();
        assertThat(a.mayRecover()).isTrue();
    }
}
