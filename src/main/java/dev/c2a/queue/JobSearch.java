package dev.c2a.queue;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@link JobQueue#list}'s search keeps: a job whose id starts with the term or whose text
 * contains it, ignoring case over all of Unicode ("ÄPFEL" finds "äpfel"). The term is what the user
 * typed, stripped, taken literally: {@code %} and {@code _} are plain characters. A blank search
 * keeps every job.
 *
 * <p>Bounds, so that a search never reads the whole ledger: only the first {@link #INDEXED_CHARS}
 * characters of a text are searched (the databases index them); and a term shorter than
 * {@link #INDEXED_MIN} characters, which no trigram index can look up, is looked for in the texts of
 * the newest {@link #RECENT_JOBS} jobs only (an id prefix of any length is looked for in all).
 */
public record JobSearch(String term) {
    /** How much of each text is searched: a person looks for a job by words near its start. */
    public static final int INDEXED_CHARS = 65_536;
    /** The shortest term the databases' trigram indexes can look up. */
    public static final int INDEXED_MIN = 3;
    /** How many of the newest jobs a term shorter than {@link #INDEXED_MIN} is looked for in. */
    public static final int RECENT_JOBS = 10_000;
    /** A beginning of a {@link dev.c2a.job.JobIds} id: hex digits, with dashes where ids have them. */
    private static final Pattern ID_PREFIX = Pattern.compile(
            "[0-9a-f]{1,8}|[0-9a-f]{8}-[0-9a-f]{0,4}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{0,4}"
                    + "|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{0,4}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{0,12}");
    private static final String HEX = "0123456789abcdef";

    /** The search for {@code typed}, or none when it is null or blank. */
    public static Optional<JobSearch> of(String typed) {
        return typed == null || typed.isBlank() ? Optional.empty() : Optional.of(new JobSearch(typed.strip()));
    }

    /** The term lower-cased, as the texts are compared with it. */
    public String folded() {
        return fold(term);
    }

    /** Whether the term is long enough for a trigram index. */
    public boolean indexed() {
        return term.codePointCount(0, term.length()) >= INDEXED_MIN;
    }

    /**
     * The ids that start with the term, as a range {@code from <= id < to} that an index on ids
     * answers ({@code to} null: no upper end); empty when no id can start with it. why not LIKE: a
     * B-tree serves LIKE 'x%' only under the C collation, a range under any (ids are hex digits and
     * dashes at fixed places, which every collation orders alike).
     */
    public Optional<IdRange> idRange() {
        String prefix = folded();
        if (!ID_PREFIX.matcher(prefix).matches()) {
            return Optional.empty();
        }
        // a dash at the end adds nothing (every id has it there), and would make the upper end a dash
        String from = prefix.endsWith("-") ? prefix.substring(0, prefix.length() - 1) : prefix;
        StringBuilder to = new StringBuilder(from);
        while (!to.isEmpty()) {
            char last = to.charAt(to.length() - 1);
            to.setLength(to.length() - 1);
            if (last == '-') {
                continue;
            }
            int digit = HEX.indexOf(last);
            if (digit < 15) {
                return Optional.of(new IdRange(from, to.append(HEX.charAt(digit + 1)).toString()));
            }
        }
        return Optional.of(new IdRange(from, null));
    }

    /**
     * Whether job {@code id} with {@code text} (null when it has none) is kept; {@code recent} tells
     * whether it is among the newest {@link #RECENT_JOBS} jobs.
     */
    public boolean matches(String id, String text, boolean recent) {
        if (id.startsWith(folded()) && idRange().isPresent()) {
            return true;
        }
        if (text == null || !indexed() && !recent) {
            return false;
        }
        return fold(text.substring(0, Math.min(text.length(), INDEXED_CHARS))).contains(folded());
    }

    private static String fold(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Ids from {@code from} (inclusive) to {@code to} (exclusive; null: no end). */
    public record IdRange(String from, String to) {
    }
}
