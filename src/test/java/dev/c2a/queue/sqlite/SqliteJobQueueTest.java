package dev.c2a.queue.sqlite;

import dev.c2a.job.JobState;
import dev.c2a.job.Progress;
import dev.c2a.queue.Durability;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.JobQueueContract;
import dev.c2a.queue.Lease;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.testing.SampleTexts;
import dev.c2a.testing.SettableClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    /**
     * SQLite writes a row whose size changed whole, overflow pages and all: with its text in the
     * row, the claim and most progress reports of a job with a 10 MB text wrote 10 MB each (20 MB
     * here, against 0.2 MB). Measured in bytes of the file and its WAL: once the WAL is truncated, it
     * grows by every page written (until SQLite's checkpoint at 1,000 pages, when it has grown by 4 MB).
     */
    @Test
    void the_claim_heartbeats_and_progress_of_a_job_with_a_10_mb_text_write_far_less_than_its_text()
            throws SQLException {
        queue.enqueue(aSpec(SampleTexts.letters(10_000_000, 1)));
        assertThat(query("PRAGMA wal_checkpoint(TRUNCATE)")).as("busy: a queue connection held the WAL").isZero();
        long before = bytesOnDisk();

        Lease lease = queue.claim("w1", LEASE).orElseThrow();
        for (int i = 1; i <= 20; i++) {
            queue.heartbeat(lease, LEASE);
            queue.progress(lease, new Progress(i, 20));
        }

        assertThat(lease.job().spec().text()).hasSize(10_000_000);
        assertThat(bytesOnDisk() - before).isLessThan(1 << 20);
    }

    @Test
    void a_deleted_job_takes_its_input_along() throws SQLException {
        String id = queue.enqueue(aSpec("gone")).job().id();
        queue.delete(id);

        assertThat(query("SELECT COUNT(*) FROM job_inputs")).isZero();
    }

    private long bytesOnDisk() {
        return dir.resolve("jobs.db").toFile().length() + dir.resolve("jobs.db-wal").toFile().length();
    }

    /** The first column of the first row {@code sql} returns, on a connection of the test's own. */
    private long query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("jobs.db"));
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }
}
