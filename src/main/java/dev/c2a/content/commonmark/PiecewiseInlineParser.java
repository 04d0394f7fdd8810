package dev.c2a.content.commonmark;

import dev.c2a.content.ContentException;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.InlineParser;
import org.commonmark.parser.SourceLine;
import org.commonmark.parser.SourceLines;

import java.util.List;

/**
 * Parses a block's inline text in pieces of at most {@link #MAX_MARKS} emphasis and bracket marks
 * ({@code * _ [ ]}), cut at a space or line break, outside brackets where there is one. What
 * commonmark's inline parser costs grows with the square of the marks in what it parses at once
 * (its delimiter stack is walked again for each link, each closer and each bracket), and inline
 * nodes nest at most as deep as there are marks, which its recursive text merging needs. So a
 * paragraph of a few hundred KB of marks takes seconds and 100 KB of {@code *} overflows its stack;
 * in pieces, both are bounded. Emphasis or a link across a cut is read as text; ordinary paragraphs
 * have far fewer marks and are parsed whole. More marks than a piece holds without a space between
 * them are refused. Also bounds the table cells, which commonmark fills up to the header's columns
 * for every row, however short.
 */
final class PiecewiseInlineParser implements InlineParser {
    static final int MAX_MARKS = 256;
    static final int MAX_TABLE_CELLS = 200_000;

    private final InlineParser parser;
    private final Piece piece;
    private int cells;
    private int lastLine = 1;

    PiecewiseInlineParser(InlineParser parser, Piece piece) {
        this.parser = parser;
        this.piece = piece;
    }

    @Override
    public void parse(SourceLines lines, Node block) {
        List<SourceSpan> spans = lines.getSourceSpans();
        if (!spans.isEmpty()) {
            lastLine = spans.get(0).getLineIndex() + 1;
        }
        if (block instanceof TableCell && ++cells > MAX_TABLE_CELLS) {
            throw ContentException.invalid("the Markdown's tables have more than " + MAX_TABLE_CELLS + " cells"
                    + " (at line " + lastLine + "; each row is filled up to its table's columns); at most "
                    + MAX_TABLE_CELLS + " are read");
        }
        if (marks(lines.getLines()) <= MAX_MARKS) {
            parsePiece(lines, block);
        } else {
            parseInPieces(lines.getLines(), block);
        }
    }

    private void parsePiece(SourceLines lines, Node into) {
        piece.set(lines);
        parser.parse(lines, into);
    }

    private static int marks(List<SourceLine> lines) {
        int marks = 0;
        for (SourceLine line : lines) {
            CharSequence s = line.getContent();
            for (int i = 0; i < s.length(); i++) {
                if (mark(s.charAt(i))) {
                    marks++;
                }
            }
        }
        return marks;
    }

    private static boolean mark(char c) {
        return c == '*' || c == '_' || c == '[' || c == ']';
    }

    /**
     * Cuts where a piece would get its {@code MAX_MARKS + 1}th mark: at the last space or line break
     * outside brackets, else at the last one. Positions are (line, index); a line's end is the line
     * break after it.
     */
    private void parseInPieces(List<SourceLine> lines, Node block) {
        int startLine = 0;
        int startIndex = 0;
        int marks = 0;
        int brackets = 0;
        Cut balanced = null;
        Cut any = null;
        for (int l = 0; l < lines.size(); l++) {
            CharSequence s = lines.get(l).getContent();
            boolean last = l == lines.size() - 1;
            for (int i = 0; i < s.length() || i == s.length() && !last; i++) {
                char c = i < s.length() ? s.charAt(i) : '\n';
                if (c == ' ' || c == '\t' || c == '\n') {
                    any = new Cut(l, i);
                    balanced = brackets == 0 ? any : balanced;
                    continue;
                }
                if (!mark(c)) {
                    continue;
                }
                brackets = c == '[' ? brackets + 1 : c == ']' ? Math.max(0, brackets - 1) : brackets;
                if (balanced != null) {
                    balanced.marksAfter++;
                }
                if (any != null && any != balanced) {
                    any.marksAfter++;
                }
                if (++marks <= MAX_MARKS) {
                    continue;
                }
                Cut cut = balanced != null ? balanced : any;
                if (cut == null) {
                    throw tooManyInARow(lines, l, i, marks);
                }
                boolean first = startLine == 0 && startIndex == 0;
                appendPiece(lines(lines, startLine, startIndex, cut.line, cut.index), block, !first);
                boolean lineBreak = cut.index == lines.get(cut.line).getContent().length();
                startLine = lineBreak ? cut.line + 1 : cut.line;
                startIndex = lineBreak ? 0 : cut.index + 1;
                marks = cut.marksAfter;
                if (cut != balanced) {
                    // the brackets open after the cut are not known; counting anew only makes cuts less well placed
                    brackets = 0;
                }
                // a space after a cut outside brackets still splits the rest, though it may be inside them
                any = any == cut ? null : any;
                balanced = null;
            }
        }
        int end = lines.size() - 1;
        appendPiece(lines(lines, startLine, startIndex, end, lines.get(end).getContent().length()), block, true);
    }

    /**
     * Parses a piece apart and moves its nodes to the block: parsed into the block, commonmark would
     * merge the text of all the block's nodes again for each piece.
     */
    private void appendPiece(SourceLines lines, Node block, boolean afterAnother) {
        Paragraph parsed = new Paragraph();
        parsePiece(lines, parsed);
        if (afterAnother) {
            block.appendChild(new SoftLineBreak());
        }
        for (Node n = parsed.getFirstChild(); n != null; ) {
            Node next = n.getNext();
            block.appendChild(n);
            n = next;
        }
    }

    /** A place to cut, and the marks after it. */
    private static final class Cut {
        final int line;
        final int index;
        int marksAfter;

        Cut(int line, int index) {
            this.line = line;
            this.index = index;
        }
    }

    /** The text from (startLine, startIndex) to before (endLine, endIndex). */
    private static SourceLines lines(List<SourceLine> lines, int startLine, int startIndex, int endLine,
                                     int endIndex) {
        SourceLines piece = SourceLines.empty();
        for (int l = startLine; l <= endLine; l++) {
            SourceLine line = lines.get(l);
            int from = l == startLine ? startIndex : 0;
            int to = l == endLine ? endIndex : line.getContent().length();
            piece.addLine(from == 0 && to == line.getContent().length() ? line : line.substring(from, to));
        }
        return piece;
    }

    private static ContentException tooManyInARow(List<SourceLine> lines, int line, int index, int marks) {
        CharSequence s = lines.get(line).getContent();
        for (int i = index + 1; i < s.length() && !Character.isWhitespace(s.charAt(i)); i++) {
            if (mark(s.charAt(i))) {
                marks++;
            }
        }
        SourceSpan span = lines.get(line).getSourceSpan();
        return ContentException.invalid("the Markdown has " + marks + " emphasis and bracket marks (* _ [ ]) with no"
                + " space between them at line " + (span == null ? 1 : span.getLineIndex() + 1) + "; at most "
                + MAX_MARKS + " are read without a space");
    }
}
