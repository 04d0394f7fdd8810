package dev.c2a.text;

/**
 * Rewrites a sentence into what a speech engine should say: numbers, dates, times, currency, units,
 * abbreviations, URLs and e-mail addresses as words. Each rewrite keeps where its words came from
 * ("Doctor" from "Dr."), so a spoken word can point back to the written one. One instance per
 * thread (see {@link Normalizers}).
 */
public interface Normalizer {
    AlignedText normalize(AlignedText sentence);

    /** Speaks the text as written. */
    Normalizer NONE = s -> s;
}
