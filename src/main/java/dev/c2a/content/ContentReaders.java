package dev.c2a.content;

import dev.c2a.job.ContentType;

/** The reader for each content type. */
public final class ContentReaders {
    private final ContentReader plain = new PlainTextReader();
    private final ContentReader markdown;
    private final ContentReader html;
    private final ContentReader ssml = new SsmlReader();
    private final ContentReader epub;

    /**
     * @param maxExpandedBytes how large an EPUB may become when decompressed
     * @param maxTextBytes     how much text (UTF-8 bytes) an EPUB may yield, as much as a text job may carry
     */
    public ContentReaders(long maxExpandedBytes, long maxTextBytes) {
        long heap = Runtime.getRuntime().maxMemory();
        this.markdown = new MarkdownReader(heap);
        this.html = new HtmlReader(heap);
        this.epub = new EpubReader(maxExpandedBytes, maxTextBytes, heap);
    }

    /** @throws ContentException naming what is wrong with the content */
    public Document read(ContentType type, Content content, ReadingPolicy policy) {
        ContentReader reader = switch (type) {
            case PLAIN -> plain;
            case MARKDOWN -> markdown;
            case HTML -> html;
            case SSML -> ssml;
            case EPUB -> epub;
        };
        return reader.read(content, policy);
    }
}
