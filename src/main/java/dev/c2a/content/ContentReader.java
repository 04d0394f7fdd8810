package dev.c2a.content;

/** Reads one kind of content into a {@link Document}. Readers are stateless and thread-safe. */
interface ContentReader {
    /**
     * @throws ContentException when the content is malformed or over a bound; the message says
     *                          what and where
     */
    Document read(Content content, ReadingPolicy policy);
}
