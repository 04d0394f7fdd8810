package dev.c2a.content;

import dev.c2a.content.commonmark.BoundedParser;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;

import java.util.List;

/**
 * Markdown (CommonMark with GitHub tables): headings, paragraphs and list items are read; links by
 * their text; emphasis and list markers are never spoken; code, tables and images follow the policy.
 * The tree is walked recursively: {@link BoundedParser} refuses one nested deeper than
 * {@link Nesting#MAX_DEPTH}.
 */
final class MarkdownReader implements ContentReader {
    static final String CODE_OMITTED = "Code omitted.";
    static final String TABLE_OMITTED = "Table omitted.";
    static final String IMAGE_OMITTED = "(image omitted)";

    private final long heapBytes;

    /** @param heapBytes the most the heap may grow to, which bounds the markup read ({@link BoundedParser}) */
    MarkdownReader(long heapBytes) {
        this.heapBytes = heapBytes;
    }

    @Override
    public Document read(Content content, ReadingPolicy policy) {
        Node root = BoundedParser.parse(content.text(), heapBytes);
        Walk walk = new Walk(policy);
        walk.blocks(root);
        List<Chapter> chapters = walk.out.chapters();
        return new Document(walk.title, null, null, null, chapters, walk.out.split());
    }

    private static final class Walk {
        final ReadingPolicy policy;
        final ChapterBuilder out = new ChapterBuilder(null, null);
        String title;

        Walk(ReadingPolicy policy) {
            this.policy = policy;
        }

        void blocks(Node parent) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
                block(n);
            }
        }

        void block(Node n) {
            if (n instanceof Heading h) {
                MappedText text = inline(h, new MappedText());
                if (title == null && h.getLevel() == 1) {
                    title = text.text().strip();
                }
                if (h.getLevel() <= policy.chapterLevel()) {
                    out.startChapter(text.text().strip(), null);
                }
                out.add(Block.heading(text));
            } else if (n instanceof Paragraph) {
                out.add(Block.paragraph(inline(n, new MappedText())));
            } else if (n instanceof FencedCodeBlock c) {
                code(c, c.getLiteral());
            } else if (n instanceof IndentedCodeBlock c) {
                code(c, c.getLiteral());
            } else if (n instanceof TableBlock t) {
                table(t);
            } else if (n instanceof HtmlBlock || n instanceof ThematicBreak) {
                return;
            } else {
                blocks(n);
            }
        }

        void code(Node n, String literal) {
            switch (policy.code()) {
                case SKIP -> { }
                case ANNOUNCE -> out.add(Block.paragraph(mapped(CODE_OMITTED, n)));
                case READ -> out.add(Block.paragraph(mapped(literal, n)));
            }
        }

        void table(TableBlock t) {
            switch (policy.tables()) {
                case SKIP -> { }
                case ANNOUNCE -> out.add(Block.paragraph(mapped(TABLE_OMITTED, t)));
                case READ -> eachRow(t);
            }
        }

        void eachRow(Node n) {
            for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
                if (c instanceof TableRow) {
                    MappedText row = new MappedText();
                    for (Node cell = c.getFirstChild(); cell != null; cell = cell.getNext()) {
                        if (cell instanceof TableCell) {
                            if (!row.isBlank()) {
                                row.append(", ", -1, -1);
                            }
                            inline(cell, row);
                        }
                    }
                    out.add(Block.paragraph(row.append(".", -1, -1)));
                } else {
                    eachRow(c);
                }
            }
        }

        MappedText inline(Node parent, MappedText text) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
                if (n instanceof Text t) {
                    append(text, t.getLiteral(), t);
                } else if (n instanceof Code c) {
                    append(text, c.getLiteral(), c);
                } else if (n instanceof SoftLineBreak || n instanceof HardLineBreak) {
                    text.separate();
                } else if (n instanceof Image) {
                    image(n, text);
                } else if (!(n instanceof HtmlInline)) {
                    inline(n, text);
                }
            }
            return text;
        }

        void image(Node image, MappedText text) {
            switch (policy.images()) {
                case SKIP -> { }
                case ANNOUNCE -> text.separate().append(IMAGE_OMITTED, -1, -1).separate();
                case READ -> inline(image, text);
            }
        }

        static void append(MappedText text, String literal, Node n) {
            int[] range = range(n);
            text.append(literal, range[0], range[1]);
        }

        static MappedText mapped(String s, Node n) {
            int[] range = range(n);
            return new MappedText().append(s, range[0], range[1]);
        }

        static int[] range(Node n) {
            List<SourceSpan> spans = n.getSourceSpans();
            if (spans.isEmpty()) {
                return new int[] {-1, -1};
            }
            SourceSpan last = spans.get(spans.size() - 1);
            return new int[] {spans.get(0).getInputIndex(), last.getInputIndex() + last.getLength()};
        }
    }
}
