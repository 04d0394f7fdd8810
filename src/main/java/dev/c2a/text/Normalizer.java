package dev.c2a.text;

/**
 * Rewrites a sentence into what a speech engine should say: numbers, dates, times, currency, units,
 * abbreviations, URLs and e-mail addresses as words. One instance per thread (see {@link Normalizers}).
 */
public interface Normalizer {
    String normalize(String sentence);

    /** Speaks the text as written. */
    Normalizer NONE = s -> s;
}
