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
 * <p>The map is a list of segments, each a run of characters copied from the input (character by
 * character) or made by one replacement (all of them from its whole match). why segments, not a
 * range per character: normalisation runs for every sentence, so a rewrite must cost about what
 * the String rewrite costs; a sentence with three numbers has seven segments, not two ints per
 * character for each rule that matched. Immutable.
 */
public final class AlignedText {
    /** A segment's ints: where it starts in the text, its input range, and whether it maps as a whole. */
    private static final int START = 0;
    private static final int FROM = 1;
    private static final int TO = 2;
    private static final int WHOLE = 3;
    private static final int SIZE = 4;

    private final String text;
    private final int[] segments;
    private final int count;

    private AlignedText(String text, int[] segments, int count) {
        this.text = text;
        this.segments = segments;
        this.count = count;
    }

    /** Text that is its own input. */
    public static AlignedText of(String text) {
        return of(text, 0);
    }

    /** Text that is its input's characters from {@code inputStart} on (a sentence inside a block). */
    public static AlignedText of(String text, int inputStart) {
        return new AlignedText(text, new int[] {0, inputStart, inputStart + text.length(), 0}, 1);
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
        Builder out = new Builder(text.length() + 16, count + 4);
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
        Builder out = new Builder(rewritten.length(), 1);
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
        Builder out = new Builder(to - from, count);
        out.copy(from, to);
        return out.build();
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
        int start = Integer.MAX_VALUE;
        int end = Integer.MIN_VALUE;
        for (int s = segmentAt(from); s < count && segmentStart(s) < to; s++) {
            start = Math.min(start, inputFrom(s, Math.max(from, segmentStart(s))));
            end = Math.max(end, inputTo(s, Math.min(to, segmentEnd(s))));
        }
        return new int[] {start, end};
    }

    /**
     * Where the input range of segment {@code s}'s characters from {@code i} on starts: a copied
     * character's own place; for a replacement's characters, its whole match.
     */
    private int inputFrom(int s, int i) {
        int at = s * SIZE;
        return segments[at + WHOLE] != 0 ? segments[at + FROM] : segments[at + FROM] + i - segments[at + START];
    }

    /** Where the input range of segment {@code s}'s characters before {@code i} ends (see {@link #inputFrom}). */
    private int inputTo(int s, int i) {
        int at = s * SIZE;
        return segments[at + WHOLE] != 0 ? segments[at + TO] : segments[at + FROM] + i - segments[at + START];
    }

    /** Where in the input the point before character {@code i} falls. */
    private int position(int i) {
        if (i < text.length()) {
            return inputRange(i, i + 1)[0];
        }
        return i == 0 ? segments[FROM] : inputRange(i - 1, i)[1];
    }

    private int segmentStart(int s) {
        return segments[s * SIZE + START];
    }

    private int segmentEnd(int s) {
        return s + 1 < count ? segmentStart(s + 1) : text.length();
    }

    /** The segment character {@code i} is in. */
    private int segmentAt(int i) {
        int low = 0;
        int high = count - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (segmentStart(mid) <= i) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /** The rewritten text and its segments while a rewrite makes them. */
    private final class Builder {
        private final StringBuilder out;
        private int[] made;
        private int madeCount;

        Builder(int capacity, int segmentCapacity) {
            out = new StringBuilder(capacity);
            made = new int[SIZE * Math.max(1, segmentCapacity)];
        }

        /** This text's characters {@code [from, to)}, unchanged, each keeping its range. */
        void copy(int from, int to) {
            if (from == to) {
                return;
            }
            for (int s = segmentAt(from); s < count && segmentStart(s) < to; s++) {
                int lo = Math.max(from, segmentStart(s));
                int hi = Math.min(to, segmentEnd(s));
                segment(out.length() + lo - from, inputFrom(s, lo), inputTo(s, hi), segments[s * SIZE + WHOLE] != 0);
            }
            out.append(text, from, to);
        }

        /** New characters that all came from the input range {@code {start, end}}. */
        void add(String piece, int[] range) {
            if (!piece.isEmpty()) {
                segment(out.length(), range[0], range[1], true);
                out.append(piece);
            }
        }

        private void segment(int start, int from, int to, boolean whole) {
            if (madeCount * SIZE == made.length) {
                made = Arrays.copyOf(made, made.length * 2);
            }
            int at = madeCount++ * SIZE;
            made[at + START] = start;
            made[at + FROM] = from;
            made[at + TO] = to;
            made[at + WHOLE] = whole ? 1 : 0;
        }

        AlignedText build() {
            if (madeCount == 0) {
                // all of it deleted: nothing to map, but a point to stand at
                int at = position(0);
                return new AlignedText(out.toString(), new int[] {0, at, at, 1}, 1);
            }
            return new AlignedText(out.toString(), made, madeCount);
        }
    }
}
