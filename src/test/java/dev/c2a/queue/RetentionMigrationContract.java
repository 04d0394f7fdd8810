package dev.c2a.queue;

import dev.c2a.job.Job;
import dev.c2a.testing.SettableClock;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs that finished before retention came (SQLite's migration V6, PostgreSQL's V4) read back as
 * they were, count their audio's bytes against the store's cap, and are pruned like any other.
 * Subclassed per SQL backend.
 */
public abstract class RetentionMigrationContract {

    /** A new database migrated up to the version before retention, with no queue open on it. */
    protected abstract DataSource databaseBeforeRetention();

    /** The queue on that database, which migrates it to the newest version. */
    protected abstract JobQueue open(SettableClock clock);

    @Test
    void jobs_that_succeeded_before_retention_count_their_audio_and_are_pruned_like_any_other() throws SQLException {
        SettableClock clock = new SettableClock();
        long finished = clock.millis();
        try (Connection c = databaseBeforeRetention().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (id, text_length, voice, format, speed, ssml,"
                     + " state, max_attempts, queued_at, run_at, finished_at, result)"
                     + " VALUES (?, 5, 'en', 'wav', 1.0, 0, 'succeeded', 3, ?, ?, ?, ?)")) {
            for (String id : new String[] {"old-1", "old-2"}) {
                ps.setString(1, id);
                ps.setLong(2, finished);
                ps.setLong(3, finished);
                ps.setLong(4, finished);
                // the result as the version before wrote it: no storedBytes
                ps.setString(5, "{\"file\":\"" + id + "-1.wav\",\"durationSeconds\":1.5,\"bytes\":1000,"
                        + "\"sampleRate\":22050,\"format\":\"wav\",\"segments\":1,\"chapters\":[]}");
                ps.executeUpdate();
            }
        }

        try (JobQueue queue = open(clock)) {
            Job old = queue.find("old-1").orElseThrow();
            assertThat(old.result().bytes()).isEqualTo(1000);
            assertThat(old.result().storedBytes()).as("its audio, all it counted").isEqualTo(1000);
            assertThat(queue.pruneToSize(1000, 10)).extracting(JobQueue.Pruned::jobId).containsExactly("old-1");

            clock.advance(Duration.ofDays(30));
            assertThat(queue.pruneExpired(Duration.ofDays(30), 10)).extracting(JobQueue.Pruned::jobId)
                    .containsExactly("old-2");
            assertThat(queue.pruned("old-2")).map(JobQueue.Pruned::reason).contains("retention 30d");
        }
    }
}
