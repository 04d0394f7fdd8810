package dev.c2a.content;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * EPUB 2 and 3: the package document's metadata (title, author, language, cover), the spine for
 * reading order, and chapter titles from the EPUB 3 navigation document or else the EPUB 2 NCX.
 * A spine file listed in the table of contents starts a chapter with its title there; files that
 * are not listed continue the chapter before them. Footnotes, note references and page-break
 * markers are skipped. XML is read with jsoup's XML parser, which never loads DTDs or entities.
 */
final class EpubReader implements ContentReader {
    private final long maxExpandedBytes;
    private final long maxTextBytes;
    private final long heapBytes;
    private final TagLimit tags;

    /**
     * @param maxTextBytes the most text (UTF-8 bytes) the book may yield, as much as a text job may carry
     * @param heapBytes    the most the heap may grow to, which bounds the markup kept ({@link EpubArchive})
     */
    EpubReader(long maxExpandedBytes, long maxTextBytes, long heapBytes) {
        this.maxExpandedBytes = maxExpandedBytes;
        this.maxTextBytes = maxTextBytes;
        this.heapBytes = heapBytes;
        this.tags = new TagLimit(heapBytes);
    }

    private record Item(String id, String path, String mediaType, String properties) {
    }

    @Override
    public Document read(Content content, ReadingPolicy policy) {
        EpubArchive zip = new EpubArchive(content.bytes(), maxExpandedBytes, heapBytes);
        if (!zip.has("META-INF/container.xml")) {
            throw ContentException.invalid("the EPUB has no META-INF/container.xml, so its package document"
                    + " cannot be found");
        }
        Element rootfile = xml(markup(zip, "META-INF/container.xml")).selectFirst("rootfile[full-path]");
        if (rootfile == null) {
            throw ContentException.invalid("META-INF/container.xml names no rootfile");
        }
        String opfPath = EpubArchive.resolve("", rootfile.attr("full-path"));
        if (!zip.has(opfPath)) {
            throw ContentException.invalid("the package document " + opfPath + " named by container.xml is missing");
        }
        org.jsoup.nodes.Document opf = xml(markup(zip, opfPath));
        Map<String, Item> manifest = new LinkedHashMap<>();
        for (Element e : opf.select("manifest > item")) {
            manifest.put(e.attr("id"), new Item(e.attr("id"), EpubArchive.resolve(opfPath, e.attr("href")),
                    e.attr("media-type"), e.attr("properties")));
        }
        List<Item> spine = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (Element ref : opf.select("spine > itemref")) {
            Item item = manifest.get(ref.attr("idref"));
            // a document listed again is read once: thousands of itemrefs to one chapter cost no more than one
            if (item != null && !"no".equals(ref.attr("linear")) && zip.has(item.path()) && listed.add(item.path())) {
                spine.add(item);
            }
        }
        if (spine.isEmpty()) {
            throw ContentException.invalid("the EPUB's spine lists no readable documents");
        }
        Map<String, String> titles = toc(zip, opf, manifest);
        String title = text(opf.selectFirst("metadata > dc|title, metadata > title"));
        ChapterBuilder out = new ChapterBuilder(title, spine.get(0).path());
        for (Item item : spine) {
            String chapterTitle = titles.get(item.path());
            if (chapterTitle != null) {
                out.startChapter(chapterTitle, item.path());
            }
            org.jsoup.nodes.Document page = Jsoup.parse(markup(zip, item.path()), "",
                    Parser.htmlParser().setTrackPosition(true));
            new HtmlBlocks(policy, out).read(page.body(), item.path());
            if (out.textBytes() > maxTextBytes) {
                throw ContentException.tooLarge("the EPUB's text is more than " + maxTextBytes
                        + " bytes (setting max-text-bytes); it goes past the limit in " + item.path());
            }
        }
        List<Chapter> chapters = out.chapters();
        if (chapters.isEmpty()) {
            throw ContentException.invalid("the EPUB has no text to speak");
        }
        return new Document(title, text(opf.selectFirst("metadata > dc|creator, metadata > creator")),
                text(opf.selectFirst("metadata > dc|language, metadata > language")), cover(zip, opf, manifest),
                chapters, true);
    }

    /** Spine path → chapter title, from the EPUB 3 nav document or the EPUB 2 NCX. */
    private Map<String, String> toc(EpubArchive zip, org.jsoup.nodes.Document opf, Map<String, Item> manifest) {
        Map<String, String> titles = new HashMap<>();
        Item nav = manifest.values().stream().filter(i -> i.properties().contains("nav")).findFirst().orElse(null);
        if (nav != null && zip.has(nav.path())) {
            org.jsoup.nodes.Document doc = Jsoup.parse(markup(zip, nav.path()), "", Parser.htmlParser());
            Element toc = doc.select("nav").stream().filter(n -> n.attr("epub:type").contains("toc")).findFirst()
                    .orElse(doc.selectFirst("nav"));
            if (toc != null) {
                for (Element a : toc.select("a[href]")) {
                    titles.putIfAbsent(EpubArchive.resolve(nav.path(), a.attr("href")), a.text().strip());
                }
            }
        }
        if (titles.isEmpty()) {
            String ncxId = opf.select("spine").attr("toc");
            Item ncx = manifest.get(ncxId);
            if (ncx == null) {
                ncx = manifest.values().stream().filter(i -> i.mediaType().equals("application/x-dtbncx+xml"))
                        .findFirst().orElse(null);
            }
            if (ncx != null && zip.has(ncx.path())) {
                for (Element point : xml(markup(zip, ncx.path())).select("navPoint")) {
                    Element label = point.selectFirst("navLabel > text");
                    Element src = point.selectFirst("content[src]");
                    if (label != null && src != null) {
                        titles.putIfAbsent(EpubArchive.resolve(ncx.path(), src.attr("src")), label.text().strip());
                    }
                }
            }
        }
        titles.values().removeIf(String::isEmpty);
        return titles;
    }

    private static Document.Cover cover(EpubArchive zip, org.jsoup.nodes.Document opf, Map<String, Item> manifest) {
        Item cover = manifest.values().stream().filter(i -> i.properties().contains("cover-image")).findFirst()
                .orElse(null);
        if (cover == null) {
            Element meta = opf.selectFirst("metadata > meta[name=cover]");
            cover = meta == null ? null : manifest.get(meta.attr("content"));
        }
        if (cover == null || !cover.mediaType().matches("image/(jpeg|png)")) {
            return null;
        }
        String type = cover.mediaType();
        return zip.picture(cover.path()).map(bytes -> new Document.Cover(bytes, type)).orElse(null);
    }

    /** A document's text, once its tags are known to fit in the heap when parsed. */
    private String markup(EpubArchive zip, String path) {
        return tags.check(zip.text(path), "the EPUB's " + path);
    }

    private static org.jsoup.nodes.Document xml(String text) {
        return Jsoup.parse(text, "", Parser.xmlParser());
    }

    private static String text(Element e) {
        return e == null || e.text().isBlank() ? null : e.text().strip();
    }
}
