package dev.c2a.queue.memory;

import dev.c2a.queue.CoordinationContract;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.testing.SettableClock;

import java.util.Optional;

class InMemoryCoordinationTest extends CoordinationContract {
    @Override
    protected JobQueue open(SettableClock clock, RetryPolicy retry) {
        return new InMemoryJobQueue(clock, retry);
    }

    @Override
    protected Optional<JobQueue> openAnother(SettableClock clock, RetryPolicy retry) {
        return Optional.empty();
    }
}
