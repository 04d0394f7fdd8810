package dev.c2a.captions;

import java.util.List;

/**
 * One sentence's place in the audio and in the original content, with its words when the engine
 * reported them.
 *
 * @param chapter     0-based chapter index
 * @param source      the file inside the content the range refers to (an EPUB's XHTML), or null
 *                    for the submitted text
 * @param sourceStart first character in the original content, -1 when unknown
 * @param sourceEnd   one past the last character
 */
public record Cue(int index, long startMillis, long endMillis, String text, int chapter, String source,
                  int sourceStart, int sourceEnd, List<Word> words) {

    /**
     * A spoken word: when it begins and ends, what was said, where in the cue's {@code text} it was
     * written ({@code [textStart, textEnd)}, -1 when unknown) and where in the original content
     * ({@code [sourceStart, sourceEnd)}). The words a number or a symbol was read as ("three dollars
     * and fifty cents" for "$3.50") each point to all of it.
     */
    public record Word(long startMillis, long endMillis, String spoken, int textStart, int textEnd,
                       int sourceStart, int sourceEnd) {
    }
}
