package dev.c2a.content.commonmark;

import dev.c2a.content.ContentException;
import dev.c2a.content.Nesting;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.internal.InlineParserImpl;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.util.List;

/**
 * commonmark-java 0.25 (CommonMark with GitHub tables, source spans kept) made safe for any input:
 * it overflows the stack on some inputs of a few KB and takes quadratic time on others (100 KB of
 * {@code <}: 13 s; 400 KB of emphasis and links on one line: 42 s). Each guard removes such paths
 * in the parser's own terms, and what is read is what commonmark reads, but for emphasis or a link
 * across the cut between two pieces of a paragraph of more than 256 marks:
 * <ul>
 *   <li>{@link #MAX_MARKUP}: more line breaks and markup characters than that (or than one for each
 *       KiB of heap) are refused before parsing, which bounds the nodes built;</li>
 *   <li>{@link BlockLimits}: quotes and lists nested over {@link Nesting#MAX_DEPTH} on a line, and
 *       HTML tags whose attributes would overflow the stack in commonmark's HTML block pattern,
 *       are refused before commonmark opens them;</li>
 *   <li>{@link PiecewiseInlineParser}: inline text is parsed in pieces of at most
 *       {@link PiecewiseInlineParser#MAX_MARKS} emphasis and bracket marks, which bounds how
 *       deep inline nodes nest and what commonmark's delimiter and bracket handling costs;</li>
 *   <li>{@link LessThanParser} and {@link BacktickParser}: a {@code <} or a run of backticks whose
 *       end is not in the piece is text at once, where commonmark would scan to the piece's end for
 *       every one of them;</li>
 *   <li>and the tree is refused when it nests deeper than {@link Nesting#MAX_DEPTH}, measured without
 *       recursion, so that it can be walked recursively.</li>
 * </ul>
 * Refusals are {@link ContentException#invalid 422} and say what and where.
 */
public final class BoundedParser {
    private BoundedParser() {
    }

    /**
     * Line breaks and the characters that make commonmark build a node: each costs a microsecond or
     * two and a few hundred bytes of heap until the tree is walked, so 10 MB of {@code <} filled a
     * 1 GiB heap. Prose has a few in a hundred characters. Also at most one for each KiB of heap.
     */
    static final int MAX_MARKUP = 1_000_000;
    private static final String MARKUP = "\n*_[]!<`&\\";

    /**
     * The document's tree, nested at most {@link Nesting#MAX_DEPTH} deep.
     *
     * @param heapBytes the most the JVM's heap may grow to ({@link Runtime#maxMemory()})
     */
    public static Node parse(String markdown, long heapBytes) {
        checkMarkup(markdown, Math.min(MAX_MARKUP, heapBytes / 1024));
        Piece piece = new Piece();
        Parser parser = Parser.builder()
                .customBlockParserFactory(new BlockLimits())
                .extensions(List.of(TablesExtension.create()))
                .customInlineContentParserFactory(LessThanParser.factory(piece))
                .customInlineContentParserFactory(BacktickParser.factory(piece))
                // why the internal class: commonmark offers no other way to wrap its own inline parser
                .inlineParserFactory(context -> new PiecewiseInlineParser(new InlineParserImpl(context), piece))
                .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
                .build();
        Node document = parser.parse(markdown);
        checkDepth(document);
        return document;
    }

    private static void checkMarkup(String markdown, long max) {
        int markup = 0;
        for (int i = 0; i < markdown.length(); i++) {
            if (MARKUP.indexOf(markdown.charAt(i)) >= 0) {
                markup++;
            }
        }
        if (markup > max) {
            throw ContentException.invalid("the Markdown has " + markup + " line breaks and markup characters"
                    + " (* _ [ ] ! < ` & \\); at most " + max + " are read (" + MAX_MARKUP + ", or one for each KiB"
                    + " of the Java heap if less)");
        }
    }

    /** Refuses a tree whose inner nodes nest deeper than {@link Nesting#MAX_DEPTH}, walking it by its links. */
    private static void checkDepth(Node document) {
        int depth = 0;
        int max = 0;
        Node deepest = document;
        Node n = document;
        while (true) {
            Node child = n.getFirstChild();
            if (child != null) {
                if (n != document && depth > max) {
                    max = depth;
                    deepest = n;
                }
                n = child;
                depth++;
                continue;
            }
            while (n != document && n.getNext() == null) {
                n = n.getParent();
                depth--;
            }
            if (n == document) {
                break;
            }
            n = n.getNext();
        }
        if (max > Nesting.MAX_DEPTH) {
            throw Nesting.tooDeep("the Markdown nests quotes, lists, emphasis and links " + max + " deep at line "
                    + line(deepest));
        }
    }

    /** The 1-based line a node starts on, or of the nearest node around it that has a position. */
    static int line(Node n) {
        for (; n != null; n = n.getParent()) {
            List<SourceSpan> spans = n.getSourceSpans();
            if (!spans.isEmpty()) {
                return spans.get(0).getLineIndex() + 1;
            }
        }
        return 1;
    }
}
