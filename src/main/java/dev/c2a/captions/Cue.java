package dev.c2a.captions;

/**
 * One sentence's place in the audio and in the original content.
 *
 * @param chapter     0-based chapter index
 * @param source      the file inside the content the range refers to (an EPUB's XHTML), or null
 *                    for the submitted text
 * @param sourceStart first character in the original content, -1 when unknown
 * @param sourceEnd   one past the last character
 */
public record Cue(int index, long startMillis, long endMillis, String text, int chapter, String source,
                  int sourceStart, int sourceEnd) {
}
