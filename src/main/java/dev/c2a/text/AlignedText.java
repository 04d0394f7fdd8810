package dev.c2a.text;

import java.util.Arrays;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text with, for each of its characters, the range of the input it came from, kept through
 * rewrites: a replacement maps its whole output to its whole match ("three dollars and fifty
 * cents" to "$3.50"), characters a rewrite leaves alone keep their own range. Ranges always point
 * into the first input, so after any number of rewrites {@link #inputRange} answers for the
 * original text, which is how a spoken word finds the characters it was read from.
 *
 * <p>Immutable. why two ints per character and no map at all for unchanged text: normalisation
 * runs for every sentence, and most sentences come through it untouched.
 */
public final class AlignedText {
    private final String text;
    /** Start and end of character i's input range at 2i and 2i+1; null while character i is input offset + i. */
    private final int[] ranges;
    private final int offset;

    private AlignedText(String text, int[] ranges, int offset) {
        this.text = text;
        this.ranges = ranges;
        this.offset = offset;
    }

    /** Text that is its own input. */
    public static AlignedText of(String text) {
        return of(text, 0);
    }

    /** Text that is its input's characters from {@code inputStart} on (a sentence inside a block). */
    public static AlignedText of(String text, int inputStart) {
        return new AlignedText(text, null, inputStart);
    }

    public String text() {
        return text;
    }

    /**
     * Every match of {@code pattern} replaced by what {@code replacement} makes of it, taken
     * literally (no group references), as {@code Matcher.replaceAll} would.
     */
    public AlignedText replace(Pattern pattern, Function<MatchResult, String> replacement) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return this;
        }
        Builder out = new Builder(text.length() + 16);
        int copied = 0;
        do {
            out.copy(copied, m.start());
            out.add(replacement.apply(m), inputRange(m.start(), m.end()));
            copied = m.end();
        } while (m.find());
        out.copy(copied, text.length());
        return out.build();
    }

    /**
     * The whole text rewritten as {@code rewritten}, each of whose characters maps to the whole input;
     * for a rewrite that keeps no finer correspondence. The same text comes back unchanged.
     */
    public AlignedText rewrite(String rewritten) {
        if (rewritten.equals(text)) {
            return this;
        }
        Builder out = new Builder(rewritten.length());
        out.add(rewritten, inputRange(0, text.length()));
        return out.build();
    }

    /** Without leading and trailing white space, as {@link String#strip()}. */
    public AlignedText strip() {
        int from = 0;
        int to = text.length();
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        if (from == 0 && to == text.length()) {
            return this;
        }
        return ranges == null ? new AlignedText(text.substring(from, to), null, offset + from)
                : new AlignedText(text.substring(from, to), Arrays.copyOfRange(ranges, 2 * from, 2 * to), 0);
    }

    /**
     * The input range {@code {start, end}} the characters {@code [from, to)} came from: the union of
     * their ranges, so any word of "three dollars and fifty cents" gives all of "$3.50". An empty
     * range gives the empty input range where it stands.
     */
    public int[] inputRange(int from, int to) {
        if (from < 0 || to > text.length() || from > to) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + text.length() + " characters");
        }
        if (from == to) {
            int at = position(from);
            return new int[] {at, at};
        }
        if (ranges == null) {
            return new int[] {offset + from, offset + to};
        }
        int start = Integer.MAX_VALUE;
        int end = Integer.MIN_VALUE;
        for (int i = from; i < to; i++) {
            start = Math.min(start, ranges[2 * i]);
            end = Math.max(end, ranges[2 * i + 1]);
        }
        return new int[] {start, end};
    }

    /** Where in the input the point before character {@code i} falls. */
    private int position(int i) {
        if (ranges == null) {
            return offset + i;
        }
        if (i < text.length()) {
            return ranges[2 * i];
        }
        return i == 0 ? 0 : ranges[2 * i - 1];
    }

    /** The rewritten text and its ranges while a rewrite makes them. */
    private final class Builder {
        private final StringBuilder out;
        private int[] made;

        Builder(int capacity) {
            out = new StringBuilder(capacity);
            made = new int[2 * capacity];
        }

        /** This text's characters {@code [from, to)}, unchanged. */
        void copy(int from, int to) {
            grow(to - from);
            int at = 2 * out.length();
            if (ranges != null) {
                System.arraycopy(ranges, 2 * from, made, at, 2 * (to - from));
            } else {
                for (int i = from; i < to; i++, at += 2) {
                    made[at] = offset + i;
                    made[at + 1] = offset + i + 1;
                }
            }
            out.append(text, from, to);
        }

        /** New characters that all came from the input range {@code {start, end}}. */
        void add(String piece, int[] range) {
            grow(piece.length());
            for (int i = 0; i < piece.length(); i++) {
                int at = 2 * (out.length() + i);
                made[at] = range[0];
                made[at + 1] = range[1];
            }
            out.append(piece);
        }

        private void grow(int more) {
            int need = 2 * (out.length() + more);
            if (need > made.length) {
                made = Arrays.copyOf(made, Math.max(need, 2 * made.length));
            }
        }

        AlignedText build() {
            // ranges past the text's end are never read, so the array is not trimmed
            return new AlignedText(out.toString(), made, 0);
        }
    }
}
