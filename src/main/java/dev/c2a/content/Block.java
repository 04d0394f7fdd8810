package dev.c2a.content;

/**
 * One unit of reading: a heading, a paragraph (also a list item, a table row, a caption), or an
 * explicit pause (SSML {@code <break>}). A block ends with the pause of its kind.
 *
 * @param pauseMillis for {@link Kind#PAUSE} only
 */
public record Block(Kind kind, MappedText text, int pauseMillis) {
    public enum Kind { HEADING, PARAGRAPH, PAUSE }

    public static Block heading(MappedText text) {
        return new Block(Kind.HEADING, text, 0);
    }

    public static Block paragraph(MappedText text) {
        return new Block(Kind.PARAGRAPH, text, 0);
    }

    public static Block pause(int millis) {
        return new Block(Kind.PAUSE, new MappedText(), millis);
    }
}
