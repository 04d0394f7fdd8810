package dev.c2a.queue.sql;

import dev.c2a.job.JobState;
import dev.c2a.queue.JobQueue.Page;
import dev.c2a.queue.JobSearch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statements a page of {@link SqlJobQueue#list} runs: newest first through the primary key or
 * the (state, seq) index, stopping at the page. A search reads at most a page from each of its ways
 * of matching (an id range, the index of words, or for a term too short for it, the texts of the
 * newest jobs); the page is the newest of their union.
 *
 * <p>Public so that tests can ask each database how it runs them (EXPLAIN), on a large ledger.
 */
public final class Listing {
    /** An id prefix this long (a UUIDv7's first 8 hex digits: about 50 days) matches few jobs. */
    private static final int SELECTIVE_PREFIX = 9;

    private Listing() {
    }

    /** One statement: its SQL and its parameters, in order. Each returns {@link JobRows#SUMMARY_COLUMNS}. */
    public record Query(String sql, List<Object> args) {
    }

    /** Each statement fetches up to {@code limit + 1} jobs: one more tells that another page follows. */
    public static List<Query> of(SqlDialect dialect, JobState state, int limit, String cursor, String search) {
        List<Object> args = new ArrayList<>();
        StringBuilder filters = new StringBuilder();
        if (state != null) {
            filters.append(" AND state = ?");
            args.add(state.wireName());
        }
        if (cursor != null) {
            filters.append(" AND seq < ?");
            args.add(Page.seqBefore(cursor));
        }
        Optional<JobSearch> found = JobSearch.of(search);
        if (found.isEmpty()) {
            return List.of(query("jobs", "1 = 1", List.of(), filters, args, "seq DESC", limit));
        }
        JobSearch term = found.get();
        List<Query> queries = new ArrayList<>(2);
        term.idRange().ifPresent(r -> queries.add(r.from().length() < SELECTIVE_PREFIX
                // why no index for a short prefix: ids begin with their time, so "01" or "019" matches nearly
                // every job, and a range on the id index then sorts them all (3.7 s at a million on SQLite);
                // newest first, the page fills at once
                ? query("jobs", "substr(id, 1, ?) = ?", List.of(r.from().length(), r.from()), filters, args,
                        "seq DESC", limit)
                : query("jobs", r.to() == null ? "id >= ?" : "id >= ? AND id < ?",
                        r.to() == null ? List.of(r.from()) : List.of(r.from(), r.to()), filters, args, "seq DESC",
                        limit)));
        TextSearch words = dialect.textSearch();
        queries.add(term.indexed()
                ? query(words.from(), words.match(), List.of(words.argument().apply(term.folded())), filters, args,
                        words.newestFirst(), limit)
                : query(words.scanFrom(), "seq > (SELECT MAX(seq) FROM jobs) - ? AND " + words.scan(),
                        List.of(JobSearch.RECENT_JOBS, term.folded()), filters, args, "seq DESC", limit));
        return queries;
    }

    private static Query query(String from, String where, List<Object> whereArgs, CharSequence filters,
                               List<Object> filterArgs, String order, int limit) {
        List<Object> args = new ArrayList<>(whereArgs);
        args.addAll(filterArgs);
        args.add(limit + 1);
        return new Query("SELECT " + JobRows.SUMMARY_COLUMNS + " FROM " + from + " WHERE " + where + filters
                + " ORDER BY " + order + " LIMIT ?", List.copyOf(args));
    }
}
