package dev.c2a.queue;

import java.util.Locale;
import java.util.Optional;

/**
 * What {@link JobQueue#list}'s search keeps: a job whose id starts with the term or whose text
 * contains it, ignoring case. The term is what the user typed, stripped, taken literally: {@code %}
 * and {@code _} are plain characters. A blank search keeps every job.
 */
public record JobSearch(String term) {

    /** The search for {@code typed}, or none when it is null or blank. */
    public static Optional<JobSearch> of(String typed) {
        return typed == null || typed.isBlank() ? Optional.empty() : Optional.of(new JobSearch(typed.strip()));
    }

    /** Whether job {@code id} with {@code text} (null when it has none) is kept. */
    public boolean matches(String id, String text) {
        return id.regionMatches(true, 0, term, 0, term.length())
                || text != null && text.toLowerCase(Locale.ROOT).contains(term.toLowerCase(Locale.ROOT));
    }
}
