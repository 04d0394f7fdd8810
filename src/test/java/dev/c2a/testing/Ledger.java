package dev.c2a.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Fills a migrated queue database with a large ledger of finished jobs, in an INSERT…SELECT of the
 * jobs and one of their inputs that the database generates itself (SQLite's recursive CTE,
 * PostgreSQL's {@code generate_series}): a million rows take seconds, where a million
 * {@code enqueue} calls would take many minutes.
 *
 * <p>Job {@code i} (1 = oldest) has a text of 200 to 2,000 characters cut from {@link #PROSE} at
 * an offset of its own, so most words occur in every job; every {@link #RARE_EVERY}th job also says
 * {@link #RARE_WORD}, and no job says {@link #ABSENT_WORD}. One job in ten failed, one in twenty
 * was cancelled, the rest succeeded. Ids have {@link dev.c2a.job.JobIds}'s shape, with a time part
 * from 2001, before any real job's.
 */
public final class Ledger {
    public static final String RARE_WORD = "kumquat";
    public static final int RARE_EVERY = 1000;
    public static final String ABSENT_WORD = "xylophone";
    /** About 2,600 characters of ordinary words to cut texts from. */
    public static final String PROSE = ("The river ran past the old mill where the miller kept his accounts in a"
            + " leather book. Every morning he walked along the bank, counting the boats that came down from the"
            + " hills with timber, wool and salt. In winter the water froze at the edges and the children skated"
            + " on the pond behind the church, while their parents argued about the price of bread. ").repeat(8);

    private Ledger() {
    }

    /** Appends {@code jobs} finished jobs to an empty SQLite queue database. */
    public static void fillSqlite(Connection c, int jobs) throws SQLException {
        String texts = """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?),
                t(i, id, text) AS (SELECT i,
                        printf('%08x-%04x-7000-8000-%012x', (978307200000 + i) >> 16, (978307200000 + i) & 65535, i),
                        substr(?, 1 + (i * 31) % 500, 200 + (i * 7919) % 1801)
                        || CASE WHEN i % ? = 0 THEN ' ' || ? ELSE '' END FROM n)
                """;
        inOneTransaction(c, List.of(texts + JOBS, texts + INPUTS), jobs, PROSE, RARE_EVERY, RARE_WORD);
    }

    /** Appends {@code jobs} finished jobs to an empty PostgreSQL queue database. */
    public static void fillPostgres(Connection c, int jobs) throws SQLException {
        String texts = """
                WITH t AS (SELECT i, lpad(to_hex((978307200000 + i) >> 16), 8, '0') || '-'
                        || lpad(to_hex((978307200000 + i) & 65535), 4, '0') || '-7000-8000-' || lpad(to_hex(i), 12, '0') AS id,
                    substr(CAST(? AS text), CAST(1 + (i * 31) % 500 AS int), CAST(200 + (i * 7919) % 1801 AS int))
                        || CASE WHEN i % ? = 0 THEN ' ' || CAST(? AS text) ELSE '' END AS text
                    FROM generate_series(CAST(1 AS bigint), CAST(? AS bigint)) AS i)
                """;
        inOneTransaction(c, List.of(texts + JOBS, texts + INPUTS), PROSE, RARE_EVERY, RARE_WORD, jobs);
    }

    /** The jobs of the texts {@code t(i, id, text)}, and then their inputs (SQL both databases speak). */
    private static final String JOBS = """
            INSERT INTO jobs (id, text_length, text_preview, voice, format, speed, ssml, state, attempts, max_attempts,
                fence, queued_at, run_at, started_at, finished_at)
            SELECT id, length(text), substr(text, 1, 200), 'en', 'wav', 1.0, 0,
                CASE WHEN i % 10 = 0 THEN 'failed' WHEN i % 20 = 5 THEN 'cancelled' ELSE 'succeeded' END,
                1, 3, 1, 978307200000 + i, 978307200000 + i, 978307200000 + i, 978307200000 + i + 1
            FROM t
            """;
    private static final String INPUTS = "INSERT INTO job_inputs (seq, text) SELECT seq, text FROM t JOIN jobs USING (id)";

    /** Each statement with the same arguments, committed together. */
    private static void inOneTransaction(Connection c, List<String> statements, Object... args) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (String sql : statements) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < args.length; i++) {
                        ps.setObject(i + 1, args[i]);
                    }
                    ps.executeUpdate();
                }
            }
            c.commit();
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
