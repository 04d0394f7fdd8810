package dev.c2a.content;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.Range;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Walks parsed HTML (a web page's article, an EPUB chapter) into blocks: headings, paragraphs, list
 * items; code, tables and images by the policy. Text keeps its source positions (the parser must
 * track them).
 */
final class HtmlBlocks {
    private static final Set<String> BLOCK_TAGS = Set.of("p", "div", "section", "article", "main", "li", "ul",
            "ol", "dl", "dt", "dd", "blockquote", "figure", "figcaption", "header", "hgroup", "address", "br",
            "hr", "caption", "details", "summary", "body", "center", "tr", "tbody", "thead", "tfoot");
    private static final Set<String> NEVER_SPOKEN = Set.of("script", "style", "noscript", "template", "head",
            "svg", "math", "canvas", "iframe", "object", "embed", "audio", "video", "select", "input",
            "textarea", "button", "rt", "rp");
    private static final Pattern EPUB_SKIPPED = Pattern.compile(
            "(^|\\s)(doc-)?(footnote|footnotes|endnote|endnotes|rearnote|rearnotes|noteref|pagebreak)(\\s|$)");

    private final ReadingPolicy policy;
    private final ChapterBuilder out;
    private MappedText current = new MappedText();

    HtmlBlocks(ReadingPolicy policy, ChapterBuilder out) {
        this.policy = policy;
        this.out = out;
    }

    /**
     * Reads {@code root}'s content into the chapter builder; {@code source} names the file.
     *
     * @throws ContentException when elements nest deeper than {@link Nesting#MAX_DEPTH} (the walk recurses)
     */
    void read(Element root, String source) {
        checkDepth(root, source);
        children(root, source);
        flush();
    }

    /** Refuses elements nested deeper than {@link Nesting#MAX_DEPTH} below {@code root}, as {@link #read} does. */
    static void checkDepth(Element root, String source) {
        int depth = depth(root);
        if (depth > Nesting.MAX_DEPTH) {
            throw Nesting.tooDeep((source == null ? "the HTML" : "the EPUB's " + source) + " nests elements " + depth
                    + " deep");
        }
    }

    /** How deep the elements the walk enters nest below {@code root}, measured without recursion. */
    private static int depth(Element root) {
        int[] max = {0};
        NodeTraversor.filter(new NodeFilter() {
            @Override
            public FilterResult head(Node node, int depth) {
                if (node instanceof Element e && node != root && unspoken(e)) {
                    return FilterResult.SKIP_ENTIRELY;
                }
                max[0] = node instanceof Element ? Math.max(max[0], depth) : max[0];
                return FilterResult.CONTINUE;
            }

            @Override
            public FilterResult tail(Node node, int depth) {
                return FilterResult.CONTINUE;
            }
        }, root);
        return max[0];
    }

    /** Footnotes, note references and page-break markers of EPUB 3 (epub:type) and DPUB-ARIA (role). */
    static boolean skippedNote(Element e) {
        return EPUB_SKIPPED.matcher(e.attr("epub:type")).find() || EPUB_SKIPPED.matcher(e.attr("role")).find();
    }

    private static boolean unspoken(Element e) {
        return NEVER_SPOKEN.contains(e.normalName()) || skippedNote(e) || e.hasAttr("hidden")
                || "true".equals(e.attr("aria-hidden"));
    }

    private void children(Element parent, String source) {
        for (Node n : parent.childNodes()) {
            if (n instanceof TextNode t) {
                text(t);
            } else if (n instanceof Element e) {
                element(e, source);
            }
        }
    }

    private void element(Element e, String source) {
        String tag = e.normalName();
        if (unspoken(e)) {
            return;
        }
        if (tag.matches("h[1-6]")) {
            flush();
            int level = tag.charAt(1) - '0';
            MappedText heading = new MappedText();
            MappedText saved = current;
            current = heading;
            children(e, source);
            current = saved;
            if (heading.isBlank()) {
                return;
            }
            if (level <= policy.chapterLevel()) {
                out.startChapter(heading.text().strip(), source);
            }
            out.add(Block.heading(heading));
        } else if (tag.equals("pre")) {
            flush();
            switch (policy.code()) {
                case SKIP -> { }
                case ANNOUNCE -> out.add(Block.paragraph(whole(MarkdownReader.CODE_OMITTED, e)));
                case READ -> out.add(Block.paragraph(whole(e.wholeText(), e)));
            }
        } else if (tag.equals("table")) {
            flush();
            switch (policy.tables()) {
                case SKIP -> { }
                case ANNOUNCE -> out.add(Block.paragraph(whole(MarkdownReader.TABLE_OMITTED, e)));
                case READ -> rows(e, source);
            }
        } else if (tag.equals("img")) {
            image(e);
        } else if (BLOCK_TAGS.contains(tag)) {
            flush();
            children(e, source);
            flush();
        } else {
            children(e, source);
        }
    }

    private void rows(Element table, String source) {
        for (Element row : ownRows(table)) {
            for (Element cell : row.children()) {
                if (!current.isBlank()) {
                    current.append(", ", -1, -1);
                }
                children(cell, source);
            }
            if (!current.isBlank()) {
                current.append(".", -1, -1);
            }
            flush();
        }
    }

    /**
     * The table's own rows, directly under it or under its thead, tbody and tfoot. A table nested in
     * a cell is read through that cell; selecting every tr below would read it once more for each
     * table around it (twice as often per level).
     */
    private static List<Element> ownRows(Element table) {
        List<Element> rows = new ArrayList<>();
        for (Element child : table.children()) {
            switch (child.normalName()) {
                case "tr" -> rows.add(child);
                case "thead", "tbody", "tfoot" -> child.children().stream()
                        .filter(row -> row.normalName().equals("tr")).forEach(rows::add);
                default -> { }
            }
        }
        return rows;
    }

    private void image(Element img) {
        String alt = img.attr("alt").strip();
        switch (policy.images()) {
            case SKIP -> { }
            case ANNOUNCE -> current.separate().append(MarkdownReader.IMAGE_OMITTED, -1, -1).separate();
            case READ -> {
                if (!alt.isEmpty()) {
                    Range r = img.sourceRange();
                    current.separate().append(alt, r.isTracked() ? r.startPos() : -1, r.isTracked() ? r.endPos() : -1)
                            .separate();
                }
            }
        }
    }

    /**
     * Appends a text node with white space collapsed. Its words map one to one onto the source when
     * the node has no character references; otherwise the node maps as a whole.
     */
    private void text(TextNode t) {
        String raw = t.getWholeText();
        if (raw.isBlank()) {
            if (!raw.isEmpty()) {
                current.separate();
            }
            return;
        }
        Range r = t.sourceRange();
        int start = r.isTracked() ? r.startPos() : -1;
        int end = r.isTracked() ? r.endPos() : -1;
        boolean verbatim = start >= 0 && end - start == raw.length();
        if (Character.isWhitespace(raw.charAt(0))) {
            current.separate();
        }
        if (!verbatim) {
            current.append(raw.strip().replaceAll("\\s+", " "), start, end);
        } else {
            int i = 0;
            int n = raw.length();
            boolean first = true;
            while (i < n) {
                while (i < n && Character.isWhitespace(raw.charAt(i))) {
                    i++;
                }
                int w = i;
                while (i < n && !Character.isWhitespace(raw.charAt(i))) {
                    i++;
                }
                if (w < i) {
                    if (!first) {
                        current.append(" ", -1, -1);
                    }
                    current.append(raw.substring(w, i), start + w, start + i);
                    first = false;
                }
            }
        }
        if (Character.isWhitespace(raw.charAt(raw.length() - 1))) {
            current.separate();
        }
    }

    private static MappedText whole(String s, Element e) {
        Range r = e.sourceRange();
        int end = e.endSourceRange().isTracked() ? e.endSourceRange().endPos() : r.endPos();
        return new MappedText().append(s, r.isTracked() ? r.startPos() : -1, r.isTracked() ? end : -1);
    }

    private void flush() {
        if (!current.isBlank()) {
            out.add(Block.paragraph(current));
        }
        current = new MappedText();
    }
}
