package dev.c2a.content;

import java.util.List;

/**
 * Content read into what the pipeline speaks: chapters of blocks, and the metadata that goes into
 * the audio file's tags. Fields other than {@code chapters} may be null.
 *
 * @param language a BCP 47 tag the content declares
 * @param chaptered true when the chapters are the content's own (an EPUB's table of contents, or
 *                  headings the job asked to use), false for one implicit chapter
 */
public record Document(String title, String author, String language, Cover cover, List<Chapter> chapters,
                       boolean chaptered) {

    /** A cover image from the content's metadata. */
    public record Cover(byte[] bytes, String mediaType) {
    }

    public static Document single(String title, String author, String language, List<Block> blocks) {
        return new Document(title, author, language, null, List.of(new Chapter(title, null, blocks)), false);
    }
}
