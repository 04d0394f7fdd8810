package dev.c2a.queue;

import dev.c2a.job.ContentType;
import dev.c2a.job.Job;
import dev.c2a.testing.SampleBook;
import dev.c2a.testing.SampleTexts;
import dev.c2a.testing.SettableClock;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs written before their inputs moved to a table of their own (SQLite's migration V5,
 * PostgreSQL's V3) read back the same once the queue has migrated their database: the whole text
 * or EPUB body for the claim, the text's length and start for a person, its words for the search.
 * Subclassed per SQL backend.
 */
public abstract class JobInputsMigrationContract {
    private static final Duration LEASE = Duration.ofSeconds(30);

    /** A new database migrated up to the version before the move, with no queue open on it. */
    protected abstract DataSource databaseBeforeTheMove();

    /** The queue on that database, which migrates it to the newest version. */
    protected abstract JobQueue open(SettableClock clock);

    @Test
    void jobs_queued_before_their_inputs_moved_read_back_the_same() throws SQLException {
        // characters beyond the BMP in the start: the preview counts characters as SQL's substr does
        String text = "𝄞".repeat(150) + " " + SampleTexts.make(1, 3_000, 7).getFirst() + " kumquat";
        byte[] book = SampleBook.epub("Old", "Someone", SampleBook.generated(2, 2_000));
        try (Connection c = databaseBeforeTheMove().getConnection()) {
            insertAsBefore(c, "old-text", text, ContentType.PLAIN, null);
            insertAsBefore(c, "old-book", "", ContentType.EPUB, book);
        }

        try (JobQueue queue = open(new SettableClock())) {
            Job found = queue.find("old-text").orElseThrow();
            assertThat(found.textPreview()).isEqualTo(TextPreview.start(text)).startsWith("𝄞".repeat(150) + " ");
            assertThat(found.textLength()).isEqualTo(text.length());
            assertThat(queue.find("old-book").orElseThrow().textPreview()).isNull();
            assertThat(queue.list(null, 10, null, "KUMQUAT").jobs()).extracting(Job::id).containsExactly("old-text");

            Job first = queue.claim("w1", LEASE).orElseThrow().job();
            Job second = queue.claim("w1", LEASE).orElseThrow().job();
            assertThat(first.id()).isEqualTo("old-text");
            assertThat(first.spec().text()).isEqualTo(text);
            assertThat(first.spec().body()).isNull();
            assertThat(second.id()).isEqualTo("old-book");
            assertThat(second.spec().contentType()).isEqualTo(ContentType.EPUB);
            assertThat(second.spec().body()).isEqualTo(book);
        }
    }

    /** A queued job as the queue of the version before wrote it: text and body in the jobs row. */
    private static void insertAsBefore(Connection c, String id, String text, ContentType type, byte[] body)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (id, text, text_length, voice, format, speed,"
                + " ssml, state, max_attempts, queued_at, run_at, content_type, body)"
                + " VALUES (?, ?, ?, 'en', 'wav', 1.0, 0, 'queued', 3, 0, 0, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, text);
            ps.setInt(3, body == null ? text.length() : body.length);
            ps.setString(4, type.mediaType());
            ps.setBytes(5, body);
            ps.executeUpdate();
        }
    }
}
