package dev.c2a.queue.sqlite;

import dev.c2a.queue.Durability;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.CoordinationContract;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.testing.SettableClock;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

class SqliteCoordinationTest extends CoordinationContract {
    @TempDir
    Path dir;

    @Override
    protected JobQueue open(SettableClock clock, RetryPolicy retry) {
        return SqliteJobQueue.open(dir.resolve("jobs.db"), Durability.PROCESS, clock, retry);
    }

    /** Another queue on the same file, as another process would open it. */
    @Override
    protected Optional<JobQueue> openAnother(SettableClock clock, RetryPolicy retry) {
        return Optional.of(open(clock, retry));
    }
}
