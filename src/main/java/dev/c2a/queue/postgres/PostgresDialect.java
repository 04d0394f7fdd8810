package dev.c2a.queue.postgres;

import dev.c2a.queue.JobQueue;
import dev.c2a.queue.sql.SqlDialect;
import dev.c2a.queue.sql.TextSearch;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * PostgreSQL: many nodes write at once. A claim locks the row it picks and skips rows other claims
 * hold ({@code FOR UPDATE SKIP LOCKED}); "now" is the database's clock, so no node's clock decides
 * who owns a job ({@code statement_timestamp()}: one instant for the whole statement).
 */
final class PostgresDialect implements SqlDialect {
    /**
     * Words from the table of migration V2 (lower-cased by ICU), through its trigram index: LIKE with
     * the term escaped, so that % and _ are plain characters; the index narrows the rows, LIKE
     * checks each.
     */
    private static final TextSearch TEXT_SEARCH = new TextSearch("jobs JOIN job_words USING (seq)",
            "words LIKE ? ESCAPE '\\'", PostgresDialect::contains, "seq DESC",
            "jobs JOIN job_words USING (seq)", "strpos(words, ?) > 0");
    private final JobQueue.Backend backend;

    PostgresDialect(String durability) {
        this.backend = new JobQueue.Backend("postgresql", durability);
    }

    @Override
    public JobQueue.Backend backend() {
        return backend;
    }

    @Override
    public String claimLockClause() {
        return "FOR UPDATE SKIP LOCKED";
    }

    @Override
    public boolean writesClaimCount() {
        return true;
    }

    /**
     * A lock of this transaction's (released at its end) under a number no other lock of the
     * database's users is likely to take: "c2aS" in ASCII.
     */
    @Override
    public Optional<String> sizeCapLock() {
        return Optional.of("SELECT pg_advisory_xact_lock(1664246099)");
    }

    @Override
    public String jsonElement(String index) {
        return "(CAST(? AS json) ->> CAST(" + index + " AS integer))";
    }

    @Override
    public String jsonTexts() {
        return "SELECT json_array_elements_text(CAST(? AS json))";
    }

    @Override
    public String now() {
        return "COALESCE(CAST(? AS bigint), CAST(FLOOR(EXTRACT(EPOCH FROM statement_timestamp()) * 1000) AS bigint))";
    }

    /** JSON is stored as text (the queue never looks inside it); jsonb only to append. */
    @Override
    public String appendError() {
        return "CAST(COALESCE(CAST(errors AS jsonb), '[]'::jsonb) || jsonb_build_array(CAST(? AS jsonb)) AS text)";
    }

    /** What migration V2's triggers count in, plus their changes not yet folded in. */
    @Override
    public String countsQuery() {
        return "SELECT state, n FROM job_counts UNION ALL SELECT state, change FROM job_count_changes";
    }

    /**
     * Moves the changes into the counts in one statement. Two nodes folding at once never fold a
     * change twice: the second's DELETE waits for the rows the first deleted and then skips them.
     */
    @Override
    public Optional<String> foldCounts() {
        return Optional.of("WITH moved AS (DELETE FROM job_count_changes RETURNING state, change)"
                + " INSERT INTO job_counts (state, n) SELECT state, SUM(change) FROM moved GROUP BY state"
                + " ON CONFLICT (state) DO UPDATE SET n = job_counts.n + EXCLUDED.n");
    }

    @Override
    public boolean writesInWith() {
        return true;
    }

    /**
     * why in the transaction (work notices are sent after it): a change of desired state is rare, so
     * the notify lock at commit costs nothing, and the notice goes out exactly when the change is
     * visible.
     */
    @Override
    public Optional<String> controlNotice() {
        return Optional.of("SELECT pg_notify('" + ListenForWork.CONTROL_CHANNEL + "', '')");
    }

    @Override
    public TextSearch textSearch() {
        return TEXT_SEARCH;
    }

    private static String contains(String term) {
        return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    @Override
    public void configure(Connection connection, boolean writer) {
        // nothing per connection: the pool's settings and the server's are enough
    }

    @Override
    public String migrations() {
        return "classpath:db/migration/postgres";
    }
}
