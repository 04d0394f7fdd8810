package dev.c2a.text;

import dev.c2a.job.JobOptions.LexiconEntry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Words a user wants said their way: as other words, or as engine phonemes (espeak-ng's
 * {@code [[...]]} notation). Whole words only, case-insensitive. A job's entries win over the
 * global ones. Replacements are protected from normalisation: they are swapped for private-use
 * placeholders first and put back after, so "R2D2 → artoo detoo" is not then read as numbers.
 */
public final class Lexicon {
    public static final Lexicon EMPTY = new Lexicon(List.of());
    private static final char OPEN = '\uE000';
    private static final char CLOSE = '\uE001';
    /** Digits of a placeholder are private-use too, so the number rules never read them. */
    private static final char ZERO = '\uE010';
    private static final Pattern PLACEHOLDER = Pattern.compile(OPEN + "([\uE010-\uE019]+)" + CLOSE);

    private final Map<String, String> say = new LinkedHashMap<>();
    private final Pattern words;

    public Lexicon(List<LexiconEntry> entries) {
        for (LexiconEntry e : entries) {
            String value = e.phonemes() != null ? "[[" + e.phonemes() + "]]" : e.say();
            say.putIfAbsent(e.word().toLowerCase(Locale.ROOT), value);
        }
        List<String> keys = new ArrayList<>(say.keySet());
        keys.sort(Comparator.comparingInt(String::length).reversed());
        this.words = keys.isEmpty() ? null : Pattern.compile("(?<![\\p{L}\\p{N}_])(" + String.join("|",
                keys.stream().map(Pattern::quote).toList()) + ")(?![\\p{L}\\p{N}_])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** This lexicon's entries, then the other's for words this one does not have. */
    public Lexicon then(Lexicon global) {
        List<LexiconEntry> all = new ArrayList<>();
        say.forEach((w, v) -> all.add(new LexiconEntry(w, v, null)));
        global.say.forEach((w, v) -> all.add(new LexiconEntry(w, v, null)));
        return new Lexicon(all);
    }

    /**
     * Replaces lexicon words, normalises the rest, then restores the replacements; a replacement
     * maps back to the word it replaced.
     */
    public AlignedText apply(AlignedText sentence, Normalizer normalizer) {
        if (words == null) {
            return normalizer.normalize(sentence);
        }
        List<String> replaced = new ArrayList<>();
        AlignedText marked = sentence.replace(words, m -> {
            replaced.add(say.get(m.group(1).toLowerCase(Locale.ROOT)));
            return OPEN + encode(replaced.size() - 1) + CLOSE;
        });
        return normalizer.normalize(marked).replace(PLACEHOLDER, m -> replaced.get(decode(m.group(1))));
    }

    private static String encode(int n) {
        StringBuilder s = new StringBuilder();
        for (char c : Integer.toString(n).toCharArray()) {
            s.append((char) (ZERO + (c - '0')));
        }
        return s.toString();
    }

    private static int decode(String s) {
        int n = 0;
        for (char c : s.toCharArray()) {
            n = n * 10 + (c - ZERO);
        }
        return n;
    }
}
