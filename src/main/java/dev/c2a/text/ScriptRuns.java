package dev.c2a.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits mixed Chinese and Latin-script text into runs, so each is spoken by a voice of its
 * language. Characters of no script (digits, spaces, punctuation) stay with the run they are in.
 * A run of fewer than {@link #MIN_LETTERS} letters between two runs of the other script joins them
 * ("我用 C 写代码" is one Chinese run): each run is an engine call, and text alternating scripts
 * letter by letter would otherwise be one call per letter. So every run but the first and the last
 * has at least {@code MIN_LETTERS} letters.
 */
public final class ScriptRuns {
    static final int MIN_LETTERS = 3;

    private ScriptRuns() {
    }

    /** A run of text, starting at {@code start} of the text split; {@code han} when it is Chinese. */
    public record Run(String text, int start, boolean han) {
    }

    /** Where a run of one script starts, and how many of its characters have a script. */
    private record Span(int start, boolean han, int letters) {
    }

    public static List<Run> split(String text) {
        List<Span> spans = spans(text);
        List<Run> runs = new ArrayList<>();
        int start = 0;
        boolean han = !spans.isEmpty() && spans.get(0).han();
        for (int i = 1; i < spans.size(); i++) {
            Span span = spans.get(i);
            boolean between = i + 1 < spans.size() && span.letters() < MIN_LETTERS;
            if (span.han() != han && !between) {
                add(runs, text, start, span.start(), han);
                start = span.start();
                han = span.han();
            }
        }
        add(runs, text, start, text.length(), han);
        return runs;
    }

    /** The text's runs of one script, each with the characters of no script that follow it. */
    private static List<Span> spans(String text) {
        List<Span> spans = new ArrayList<>();
        int start = 0;
        int letters = 0;
        Boolean han = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            Boolean kind = kind(cp);
            if (kind != null && han != null && !kind.equals(han)) {
                spans.add(new Span(start, han, letters));
                start = i;
                letters = 0;
            }
            if (kind != null) {
                han = kind;
                letters++;
            }
            i += Character.charCount(cp);
        }
        if (han != null) {
            spans.add(new Span(start, han, letters));
        }
        return spans;
    }

    /** Whether most letters of the text's start (its first 2,000 characters) are Chinese. */
    public static boolean mostlyChinese(String text) {
        int han = 0;
        int other = 0;
        int end = Math.min(text.length(), 2_000);
        for (int i = 0; i < end; ) {
            int cp = text.codePointAt(i);
            Boolean kind = Character.isLetter(cp) ? kind(cp) : null;
            if (kind != null) {
                if (kind) {
                    han++;
                } else {
                    other++;
                }
            }
            i += Character.charCount(cp);
        }
        // a Chinese letter carries a word's meaning; an English word takes about five letters
        return han * 5 > other;
    }

    /** The run {@code [from, to)} of the text, without its white space at either end; none if blank. */
    private static void add(List<Run> runs, String text, int from, int to, boolean han) {
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        if (from < to) {
            runs.add(new Run(text.substring(from, to), from, han));
        }
    }

    /** True for Han, false for letters of another script, null for characters of no script. */
    private static Boolean kind(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        if (script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.BOPOMOFO) {
            return true;
        }
        if (script == Character.UnicodeScript.COMMON || script == Character.UnicodeScript.INHERITED) {
            // CJK punctuation (。，、「」 and full-width forms) belongs with the Chinese around it
            return cp >= 0x3000 && cp <= 0x303F || cp >= 0xFF00 && cp <= 0xFFEF ? Boolean.TRUE : null;
        }
        return Character.isLetter(cp) ? Boolean.FALSE : null;
    }
}
