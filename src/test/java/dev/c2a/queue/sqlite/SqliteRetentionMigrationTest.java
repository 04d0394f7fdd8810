package dev.c2a.queue.sqlite;

import dev.c2a.queue.Durability;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.RetentionMigrationContract;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.testing.SettableClock;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;

class SqliteRetentionMigrationTest extends RetentionMigrationContract {
    @TempDir
    Path dir;

    @Override
    protected DataSource databaseBeforeRetention() {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + dir.resolve("jobs.db"));
        Flyway.configure().dataSource(source).locations(new SqliteDialect(Durability.PROCESS).migrations()).target("5")
                .load().migrate();
        return source;
    }

    @Override
    protected JobQueue open(SettableClock clock) {
        return SqliteJobQueue.open(dir.resolve("jobs.db"), Durability.PROCESS, clock, RetryPolicy.defaults());
    }
}
