package dev.c2a.queue.sqlite;

import dev.c2a.queue.Durability;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.JobSearch;
import dev.c2a.queue.sql.SqlDialect;
import dev.c2a.queue.sql.TextSearch;
import org.sqlite.Function;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * SQLite in WAL mode. One writer connection serialises all writes, so claims need no row lock.
 * {@code synchronous=NORMAL} in WAL mode loses nothing when the process dies (the WAL is in the OS
 * cache); {@code FULL} also syncs the WAL on every commit, for power loss.
 */
final class SqliteDialect implements SqlDialect {
    /**
     * Words through the FTS5 trigram index of migration V4, rows by the jobs' seq; a term is looked
     * up as one phrase (quotes doubled inside), which matches it as a substring, case-folded by the
     * tokenizer. The scan folds with Java's {@code toLowerCase}: SQLite's own LOWER() knows only ASCII.
     */
    private static final TextSearch TEXT_SEARCH = new TextSearch("job_words JOIN jobs ON jobs.seq = job_words.rowid",
            "job_words MATCH ?", term -> '"' + term.replace("\"", "\"\"") + '"', "job_words.rowid DESC",
            "jobs JOIN job_inputs USING (seq)", "instr(c2a_fold(substr(text, 1, " + JobSearch.INDEXED_CHARS + ")), ?) > 0");
    private final Durability durability;

    SqliteDialect(Durability durability) {
        this.durability = durability;
    }

    @Override
    public JobQueue.Backend backend() {
        return new JobQueue.Backend("sqlite", durability.wireName());
    }

    @Override
    public String claimLockClause() {
        return "";
    }

    @Override
    public String jsonElement(String index) {
        return "json_extract(?, '$[' || (" + index + ") || ']')";
    }

    @Override
    public String jsonTexts() {
        return "SELECT value FROM json_each(?)";
    }

    /** The node's clock is the database's: SQLite has one process writing. */
    @Override
    public String now() {
        return "?";
    }

    @Override
    public String appendError() {
        return "json_insert(COALESCE(errors, '[]'), '$[#]', json(?))";
    }

    @Override
    public String countsQuery() {
        return "SELECT state, n FROM job_counts";
    }

    @Override
    public TextSearch textSearch() {
        return TEXT_SEARCH;
    }

    @Override
    public void configure(Connection connection, boolean writer) throws SQLException {
        try (Statement s = connection.createStatement()) {
            // why: status reads must give up soon and say the queue does not answer; writes may wait longer
            s.execute("PRAGMA busy_timeout = " + (writer ? 10_000 : 2_000));
            s.execute("PRAGMA foreign_keys = ON");
            Function.create(connection, "c2a_fold", new Fold(), 1, Function.FLAG_DETERMINISTIC);
            if (writer) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = " + (durability == Durability.FSYNC ? "FULL" : "NORMAL"));
            }
        }
    }

    @Override
    public String migrations() {
        return "classpath:db/migration/sqlite";
    }

    /** {@code c2a_fold(text)}: lower case over all of Unicode, as {@link JobSearch} compares. */
    private static final class Fold extends Function {
        @Override
        protected void xFunc() throws SQLException {
            String text = value_text(0);
            result(text == null ? null : text.toLowerCase(Locale.ROOT));
        }
    }
}
