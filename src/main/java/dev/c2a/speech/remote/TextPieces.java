package dev.c2a.speech.remote;

import java.util.ArrayList;
import java.util.List;

/** Text cut into pieces of at most {@code max} characters: after a sentence's end if one is near, else at a space. */
final class TextPieces {
    private TextPieces() {
    }

    static List<String> split(String text, int max) {
        List<String> pieces = new ArrayList<>();
        String rest = text.strip();
        while (rest.length() > max) {
            int cut = lastBreak(rest, max);
            pieces.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).strip();
        }
        if (!rest.isEmpty()) {
            pieces.add(rest);
        }
        return pieces;
    }

    /** The best cut at or before {@code max}: a sentence end in the second half, else a space, else {@code max}. */
    private static int lastBreak(String text, int max) {
        for (int i = max; i > max / 2; i--) {
            char before = text.charAt(i - 1);
            if ((before == '.' || before == '!' || before == '?' || before == '。') && Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        for (int i = max; i > max / 2; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        // a split surrogate pair would become two broken characters
        return Character.isLowSurrogate(text.charAt(max)) ? max - 1 : max;
    }
}
