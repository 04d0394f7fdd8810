package dev.c2a.content;

import java.util.Arrays;

/**
 * Text a reader extracted, with where each piece came from in the original content, so that a
 * caption cue can point back to the characters it speaks. A piece copied verbatim maps character by
 * character; a piece that was rewritten (an entity decoded, white space collapsed) maps as a whole.
 */
public final class MappedText {
    /** The text while it is built; null once {@link #text()} has made it a String. */
    private StringBuilder text = new StringBuilder();
    private int[] pieceStart = new int[8];
    private int[] sourceStart = new int[8];
    private int[] sourceEnd = new int[8];
    private int pieces;
    /** The finished text: a reader's text is read many times and never changed after, so one copy is kept. */
    private String done;

    /**
     * Finished text that is one verbatim piece of the source, kept without a copy (a plain text of
     * one paragraph is the submitted String itself).
     */
    public static MappedText verbatim(String piece, int from) {
        MappedText m = new MappedText();
        m.pieceStart[0] = 0;
        m.sourceStart[0] = from;
        m.sourceEnd[0] = from + piece.length();
        m.pieces = 1;
        m.text = null;
        m.done = piece;
        return m;
    }

    /** Appends {@code piece}, which came from {@code [from, to)} of the source; -1 when it has no source. */
    public MappedText append(CharSequence piece, int from, int to) {
        if (text == null) {
            throw new IllegalStateException("the text was finished by text(); append before reading it");
        }
        int skip = 0;
        if (!text.isEmpty() && Character.isWhitespace(text.charAt(text.length() - 1))) {
            while (skip < piece.length() && Character.isWhitespace(piece.charAt(skip))) {
                skip++;
            }
        }
        if (skip > 0) {
            if (from >= 0 && to - from == piece.length()) {
                from += skip;
            }
            piece = piece.subSequence(skip, piece.length());
        }
        if (piece.isEmpty()) {
            return this;
        }
        if (pieces == pieceStart.length) {
            pieceStart = Arrays.copyOf(pieceStart, pieces * 2);
            sourceStart = Arrays.copyOf(sourceStart, pieces * 2);
            sourceEnd = Arrays.copyOf(sourceEnd, pieces * 2);
        }
        pieceStart[pieces] = text.length();
        sourceStart[pieces] = from;
        sourceEnd[pieces] = to;
        pieces++;
        text.append(piece);
        return this;
    }

    /** Appends a separator (a space between words of different nodes) that maps to nothing. */
    public MappedText separate() {
        if (text != null && !text.isEmpty() && !Character.isWhitespace(text.charAt(text.length() - 1))) {
            append(" ", -1, -1);
        }
        return this;
    }

    public boolean isBlank() {
        if (done != null) {
            return done.isBlank();
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public int length() {
        return done != null ? done.length() : text.length();
    }

    public String text() {
        if (done == null) {
            done = text.toString();
            text = null;
        }
        return done;
    }

    /** The source range {@code [start, end)} of the text's characters {@code [from, to)}; {-1, -1} if unknown. */
    public int[] sourceRange(int from, int to) {
        int start = -1;
        int end = -1;
        for (int i = 0; i < pieces; i++) {
            int pStart = pieceStart[i];
            int pEnd = i + 1 < pieces ? pieceStart[i + 1] : length();
            if (pEnd <= from || pStart >= to || sourceStart[i] < 0) {
                continue;
            }
            boolean verbatim = sourceEnd[i] - sourceStart[i] == pEnd - pStart;
            int s = verbatim ? sourceStart[i] + Math.max(0, from - pStart) : sourceStart[i];
            int e = verbatim ? sourceEnd[i] - Math.max(0, pEnd - to) : sourceEnd[i];
            start = start < 0 ? s : Math.min(start, s);
            end = Math.max(end, e);
        }
        return new int[] {start, end};
    }
}
