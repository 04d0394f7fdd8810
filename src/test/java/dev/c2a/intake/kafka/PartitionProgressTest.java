package dev.c2a.intake.kafka;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionProgressTest {

    @Test
    void nothing_is_committed_before_a_record_is_taken() {
        assertThat(new PartitionProgress().toCommit()).isEmpty();
    }

    @Test
    void done_records_are_committed_up_to_one_past_the_last() {
        PartitionProgress p = new PartitionProgress();
        p.done(4);
        p.done(5);
        // offsets 6 and 7 are a transaction's markers: no record to take
        p.done(8);
        assertThat(p.toCommit()).isEqualTo(OptionalLong.of(9));
    }

    @Test
    void a_held_record_stops_the_commit_at_its_own_offset_until_its_job_finished() {
        PartitionProgress p = new PartitionProgress();
        p.done(0);
        p.hold(1, "job-1");
        p.done(2);
        p.hold(3, "job-3");
        assertThat(p.toCommit()).isEqualTo(OptionalLong.of(1));
        p.committed(1);
        assertThat(p.toCommit()).as("nothing new to commit").isEmpty();

        p.finished(3);
        assertThat(p.toCommit()).as("job-1 still holds offset 1").isEmpty();
        p.finished(1);
        assertThat(p.toCommit()).isEqualTo(OptionalLong.of(4));
        assertThat(p.held()).isEmpty();
    }
}
