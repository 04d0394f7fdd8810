package dev.c2a.queue.sqlite;

import dev.c2a.job.JobState;
import dev.c2a.queue.Durability;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.queue.sql.Listing;
import dev.c2a.testing.Ledger;
import dev.c2a.testing.SettableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts, listings and searches on a large ledger of finished jobs go through indexes and stop at
 * the page: asked of SQLite's planner (EXPLAIN QUERY PLAN), never timed. 50,000 jobs keep the fill
 * to seconds; the plans are those of a million (LedgerAtScale measures one).
 */
@Tag("slow")
class SqliteLargeLedgerTest {
    private static final int JOBS = 50_000;
    private static final SqliteDialect DIALECT = new SqliteDialect(Durability.PROCESS);
    @TempDir
    static Path dir;
    private static Path file;

    @BeforeAll
    static void fill() throws SQLException {
        file = dir.resolve("jobs.db");
        try (JobQueue queue = SqliteJobQueue.open(file, Durability.PROCESS, new SettableClock(), RetryPolicy.defaults())) {
            try (Connection c = connection()) {
                Ledger.fillSqlite(c, JOBS);
            }
            assertThat(queue.counts()).containsEntry(JobState.SUCCEEDED, (long) JOBS * 17 / 20)
                    .containsEntry(JobState.FAILED, (long) JOBS / 10);
        }
    }

    @Test
    void counts_read_the_counts_not_the_jobs() throws SQLException {
        assertThat(plan(new Listing.Query(DIALECT.countsQuery(), List.of())))
                .noneMatch(step -> step.contains(" jobs"));
    }

    @Test
    void pages_by_state_or_of_all_jobs_are_read_newest_first_from_an_index_and_stop_there() throws SQLException {
        assertThat(plans(JobState.SUCCEEDED, "4000", null)).containsExactly(
                List.of("SEARCH jobs USING INDEX jobs_state_seq (state=? AND seq<?)"));
        assertThat(plans(JobState.CANCELLED, null, null)).containsExactly(
                List.of("SEARCH jobs USING INDEX jobs_state_seq (state=?)"));
        assertThat(plans(null, "4000", null)).containsExactly(
                List.of("SEARCH jobs USING INTEGER PRIMARY KEY (rowid<?)"));
    }

    @Test
    void a_search_for_words_reads_the_index_of_words_newest_first_not_the_texts() throws SQLException {
        for (String term : List.of(Ledger.ABSENT_WORD, Ledger.RARE_WORD, "river")) {
            List<String> plan = plans(null, null, term).getFirst();
            assertThat(plan).as(term).hasSize(2);
            assertThat(plan.get(0)).as(term).startsWith("SCAN job_words VIRTUAL TABLE INDEX");
            assertThat(plan.get(1)).as(term).isEqualTo("SEARCH jobs USING INTEGER PRIMARY KEY (rowid=?)");
        }
    }

    @Test
    void an_id_prefix_is_a_range_of_the_id_index_and_a_short_term_reads_only_the_newest_jobs() throws SQLException {
        List<List<String>> byId = plans(null, null, "00e3c7a1-2");
        assertThat(byId.getFirst().getFirst()).isEqualTo("SEARCH jobs USING INDEX sqlite_autoindex_jobs_1 (id>? AND id<?)");
        // a short prefix matches most jobs: read newest first, no sort of every match
        assertThat(plans(null, null, "00e3").getFirst()).noneMatch(step -> step.contains("TEMP B-TREE"))
                .noneMatch(step -> step.contains("sqlite_autoindex_jobs_1"));
        assertThat(plans(null, null, "%").getFirst()).first().asString()
                .startsWith("SEARCH jobs USING INTEGER PRIMARY KEY (rowid>?");
    }

    private static List<List<String>> plans(JobState state, String cursor, String search) throws SQLException {
        List<List<String>> plans = new ArrayList<>();
        for (Listing.Query q : Listing.of(DIALECT, state, 50, cursor, search)) {
            plans.add(plan(q));
        }
        return plans;
    }

    /** The steps of the query's plan. */
    private static List<String> plan(Listing.Query q) throws SQLException {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + q.sql())) {
            for (int i = 0; i < q.args().size(); i++) {
                ps.setObject(i + 1, q.args().get(i));
            }
            List<String> steps = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    steps.add(rs.getString("detail"));
                }
            }
            return steps;
        }
    }

    private static Connection connection() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        DIALECT.configure(c, false);
        return c;
    }
}
