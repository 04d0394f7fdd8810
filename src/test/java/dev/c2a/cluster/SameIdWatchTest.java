package dev.c2a.cluster;

import dev.c2a.api.Node;
import dev.c2a.queue.Coordination.Member;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who yields among processes under one node id, from the rows their beats left (the database's
 * times): a predecessor found by the first beat is no one, a live earlier-started process is yielded
 * to until its beats are three of its own periods old or its row says it left.
 */
class SameIdWatchTest {
    private static final Duration EVERY = Duration.ofSeconds(5);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Member row(String incarnation, Instant startedAt, Instant beatAt) {
        return new Member("twin", incarnation, startedAt, beatAt, EVERY, null, "{}");
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void a_row_found_by_the_first_beat_is_a_predecessor_not_a_second_process() {
        SameIdWatch watch = new SameIdWatch(new Node("twin", "new"), at(100));
        assertThat(watch.afterBeat(at(100), row("old", at(0), at(98)))).isEmpty();
        assertThat(watch.afterBeat(at(105), null)).isEmpty();
    }

    @Test
    void a_later_start_yields_to_an_earlier_one_while_it_beats_and_not_after() {
        SameIdWatch watch = new SameIdWatch(new Node("twin", "late"), at(10));
        Member early = row("early", at(0), at(9));
        assertThat(watch.afterBeat(at(10), early)).isEmpty();
        assertThat(watch.afterBeat(at(15), row("early", at(0), at(14)))).hasValueSatisfying(m ->
                assertThat(m.incarnation()).isEqualTo("early"));
        // beats that did not find its row (its period is longer, or it beat just before) still yield
        assertThat(watch.afterBeat(at(20), null)).isPresent();
        assertThat(watch.afterBeat(at(29), null)).as("14 + 15 s: three of its beats").isPresent();
        assertThat(watch.afterBeat(at(30), null)).as("its last beat over three periods old").isEmpty();
    }

    @Test
    void an_earlier_start_yields_to_no_later_one() {
        SameIdWatch watch = new SameIdWatch(new Node("twin", "early"), at(0));
        watch.afterBeat(at(5), null);
        assertThat(watch.afterBeat(at(10), row("late", at(8), at(9)))).isEmpty();
        assertThat(watch.afterBeat(at(15), row("late", at(8), at(14)))).isEmpty();
    }

    @Test
    void an_earlier_process_that_restarted_after_this_one_is_not_yielded_to() {
        // "b" yielded to "a"; "a" crashed and started again as "a2", after "b": now "a2" must yield
        SameIdWatch watch = new SameIdWatch(new Node("twin", "b"), at(10));
        watch.afterBeat(at(10), null);
        assertThat(watch.afterBeat(at(15), row("a", at(0), at(14)))).isPresent();
        assertThat(watch.afterBeat(at(20), row("a2", at(18), at(19)))).as("a beat 6 s ago").isPresent();
        assertThat(watch.afterBeat(at(30), row("a2", at(18), at(29)))).as("a is gone, a2 started later").isEmpty();
    }

    @Test
    void a_row_that_says_it_left_ends_the_yield_at_once() {
        SameIdWatch watch = new SameIdWatch(new Node("twin", "late"), at(10));
        watch.afterBeat(at(10), null);
        assertThat(watch.afterBeat(at(15), row("early", at(0), at(14)))).isPresent();
        Member left = new Member("twin", "early", at(0), at(16), EVERY, at(17), "{}");
        assertThat(watch.afterBeat(at(20), left)).isEmpty();
    }

    @Test
    void starts_in_one_millisecond_are_ordered_by_incarnation_at_the_database_precision() {
        Instant start = at(0).plusNanos(400_000);
        SameIdWatch b = new SameIdWatch(new Node("twin", "b"), start.plusNanos(300_000));
        b.afterBeat(at(1), null);
        assertThat(b.afterBeat(at(5), row("a", at(0), at(4)))).as("same millisecond, a before b").isPresent();
        SameIdWatch a = new SameIdWatch(new Node("twin", "a"), start);
        a.afterBeat(at(1), null);
        assertThat(a.afterBeat(at(5), row("b", at(0), at(4)))).isEmpty();
    }
}
