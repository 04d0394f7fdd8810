package dev.c2a.queue.memory;

import dev.c2a.queue.JobQueue;
import dev.c2a.queue.JobQueueContract;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.c2a.testing.Specs.aSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryJobQueueTest extends JobQueueContract {

    @Override
    protected JobQueue open(SettableClock clock, RetryPolicy retry) {
        return new InMemoryJobQueue(clock, retry);
    }

    /** None: the in-memory queue is one process's memory, so there is never a second node to race with. */
    @Override
    protected Optional<JobQueue> openAnother(SettableClock clock, RetryPolicy retry) {
        return Optional.empty();
    }

    @Test
    void it_names_itself_memory_and_promises_no_durability() {
        assertThat(queue.backend()).isEqualTo(new JobQueue.Backend("memory", "none"));
        assertThat(queue.writeFailure()).isEmpty();
    }

    @Test
    void a_closed_queue_refuses_work_as_a_closed_database_does() {
        queue.close();

        assertThatThrownBy(() -> queue.enqueue(aSpec("late")))
                .isInstanceOf(dev.c2a.job.QueueUnavailableException.class)
                .hasMessage("the job queue is closed");
    }
}
