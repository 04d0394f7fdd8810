package dev.c2a.queue.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.c2a.job.Progress;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.JobQueueContract;
import dev.c2a.queue.Lease;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.testing.Postgres;
import dev.c2a.testing.SampleTexts;
import dev.c2a.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.c2a.testing.Specs.aSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The contract on a real PostgreSQL database of the test's own. Each queue instance has a pool of
 * its own, as each node would; the contract's clock stands in for the database's.
 */
@Tag(Postgres.TAG)
class PostgresJobQueueTest extends JobQueueContract {
    private Postgres.Database db;
    private final List<HikariDataSource> pools = new ArrayList<>();

    @Override
    protected JobQueue open(SettableClock clock, RetryPolicy retry) {
        return PostgresJobQueue.open(pool(), clock, retry);
    }

    @Override
    protected Optional<JobQueue> openAnother(SettableClock clock, RetryPolicy retry) {
        return Optional.of(open(clock, retry));
    }

    @Override
    protected boolean instancesHearEachOther() {
        return true;
    }

    @AfterEach
    void dropDatabase() {
        pools.forEach(HikariDataSource::close);
        db.close();
    }

    @Test
    void without_a_test_clock_leases_are_judged_by_the_databases_clock() {
        try (JobQueue databaseTime = PostgresJobQueue.open(pool(), RetryPolicy.defaults())) {
            databaseTime.enqueue(aSpec("x"));
            Lease lease = databaseTime.claim("w1", LEASE).orElseThrow();

            // the test kit's server runs on this machine, so its clock is this one
            assertThat(lease.expiresAt()).isCloseTo(Instant.now().plus(LEASE), within(Duration.ofSeconds(5)));
            assertThat(lease.expiresAt()).isNotEqualTo(clock.instant().plus(LEASE));
            assertThat(databaseTime.recoverExpiredLeases()).isEmpty();
        }
    }

    @Test
    void it_names_itself_postgresql_with_durable_commits() {
        assertThat(queue.backend()).isEqualTo(new JobQueue.Backend("postgresql", "fsync"));
    }

    /**
     * The jobs table, updated at every claim, heartbeat and progress report and vacuumed the most,
     * holds no input: its size, with its TOAST table and indexes, is the same for a 10 MB text (0.1
     * MB here, against 10 MB with the text in the row).
     */
    @Test
    void the_jobs_table_stays_small_with_a_10_mb_text_queued_and_running() throws SQLException {
        queue.enqueue(aSpec(SampleTexts.letters(10_000_000, 1)));
        Lease lease = queue.claim("w1", LEASE).orElseThrow();
        for (int i = 1; i <= 20; i++) {
            queue.heartbeat(lease, LEASE);
            queue.progress(lease, new Progress(i, 20));
        }

        assertThat(lease.job().spec().text()).hasSize(10_000_000);
        assertThat(size("jobs")).isLessThan(1 << 20);
        assertThat(size("job_inputs")).as("where the text is").isGreaterThan(5 << 20);
    }

    @Test
    void a_deleted_job_takes_its_input_along() throws SQLException {
        String id = queue.enqueue(aSpec("gone")).job().id();
        queue.delete(id);

        assertThat(query("SELECT COUNT(*) FROM job_inputs")).isZero();
    }

    /** Bytes of {@code table} on disk, its TOAST table and indexes included. */
    private long size(String table) throws SQLException {
        return query("SELECT pg_total_relation_size('" + table + "')");
    }

    /** The first column of the first row {@code sql} returns. */
    private long query(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private HikariDataSource pool() {
        if (db == null) {
            db = Postgres.newDatabase();
        }
        HikariDataSource pool = db.pool(8);
        pools.add(pool);
        return pool;
    }
}
