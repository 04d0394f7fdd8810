package dev.c2a.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits mixed Chinese and Latin-script text into runs, so each is spoken by a voice of its
 * language. Characters of no script (digits, spaces, punctuation) stay with the run they are in.
 */
public final class ScriptRuns {
    private ScriptRuns() {
    }

    /** A run of text; {@code han} when it is Chinese. */
    public record Run(String text, boolean han) {
    }

    public static List<Run> split(String text) {
        List<Run> runs = new ArrayList<>();
        int start = 0;
        Boolean han = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            Boolean kind = kind(cp);
            if (kind != null && han != null && !kind.equals(han)) {
                add(runs, text.substring(start, i), han);
                start = i;
            }
            if (kind != null) {
                han = kind;
            }
            i += Character.charCount(cp);
        }
        add(runs, text.substring(start), han != null && han);
        return runs;
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

    private static void add(List<Run> runs, String text, boolean han) {
        if (!text.isBlank()) {
            runs.add(new Run(text.strip(), han));
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
