package dev.c2a.queue.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.CoordinationContract;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.testing.Postgres;
import dev.c2a.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Nodes, the leader and desired state on a real PostgreSQL database of the test's own; each instance has its own pool, as a node. */
@Tag(Postgres.TAG)
class PostgresCoordinationTest extends CoordinationContract {
    private Postgres.Database db;
    private final List<HikariDataSource> pools = new ArrayList<>();

    @Override
    protected JobQueue open(SettableClock clock, RetryPolicy retry) {
        if (db == null) {
            db = Postgres.newDatabase();
        }
        HikariDataSource pool = db.pool(8);
        pools.add(pool);
        return PostgresJobQueue.open(pool, clock, retry);
    }

    @Override
    protected Optional<JobQueue> openAnother(SettableClock clock, RetryPolicy retry) {
        return Optional.of(open(clock, retry));
    }

    @AfterEach
    void dropDatabase() {
        pools.forEach(HikariDataSource::close);
        db.close();
    }
}
