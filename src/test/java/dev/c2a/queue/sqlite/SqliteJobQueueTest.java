package dev.c2a.queue.sqlite;

import dev.c2a.job.JobState;
import dev.c2a.queue.Durability;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.JobQueueContract;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.testing.SettableClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static dev.c2a.testing.Specs.aSpec;
import static org.assertj.core.api.Assertions.assertThat;

@Tag("slow")
class SqliteJobQueueTest extends JobQueueContract {
    @TempDir
    Path dir;

    @Override
    protected JobQueue open(SettableClock clock, RetryPolicy retry) {
        return SqliteJobQueue.open(dir.resolve("jobs.db"), Durability.FSYNC, clock, retry);
    }

    /** Another queue on the same file: its own writer thread and connections, as another process would have. */
    @Override
    protected Optional<JobQueue> openAnother(SettableClock clock, RetryPolicy retry) {
        return Optional.of(open(clock, retry));
    }

    @Test
    void committed_jobs_are_there_after_the_file_is_reopened() {
        String id = queue.enqueue(aSpec("durable")).job().id();
        queue.close();

        queue = open(clock, RETRY);
        assertThat(queue.find(id).orElseThrow().state()).isEqualTo(JobState.QUEUED);
    }
}
