package dev.c2a.queue.postgres;

import dev.c2a.queue.JobQueue;
import dev.c2a.queue.RetentionMigrationContract;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.testing.Postgres;
import dev.c2a.testing.SettableClock;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

import javax.sql.DataSource;

@Tag(Postgres.TAG)
class PostgresRetentionMigrationTest extends RetentionMigrationContract {
    private Postgres.Database db;

    @BeforeEach
    void createDatabase() {
        db = Postgres.newDatabase();
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Override
    protected DataSource databaseBeforeRetention() {
        Flyway.configure().dataSource(db.dataSource()).locations(new PostgresDialect("fsync").migrations())
                .target("3").load().migrate();
        return db.dataSource();
    }

    @Override
    protected JobQueue open(SettableClock clock) {
        return PostgresJobQueue.open(db.dataSource(), clock, RetryPolicy.defaults());
    }
}
