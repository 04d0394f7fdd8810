package dev.c2a.content.commonmark;

import dev.c2a.content.ContentException;
import dev.c2a.content.Nesting;
import org.commonmark.node.Node;
import org.commonmark.parser.block.AbstractBlockParserFactory;
import org.commonmark.parser.block.BlockStart;
import org.commonmark.parser.block.MatchedBlockParser;
import org.commonmark.parser.block.ParserState;

/**
 * Asked first wherever a block may start, it starts none; it refuses what commonmark's block
 * parsing cannot bound:
 * <ul>
 *   <li>a block inside quotes and lists nested {@link Nesting#MAX_DEPTH} deep: commonmark walks every
 *       open block for each new one, so {@code "- ".repeat(n)} took quadratic time (200 KB: 13 s) and
 *       {@code ">".repeat(n)} used memory by the hundred bytes per character;</li>
 *   <li>a line starting with an HTML tag of more than {@link #MAX_TAG_ATTRIBUTES} attributes:
 *       commonmark matches such a line with a regular expression that recurses once per attribute,
 *       and a thousand attributes (4 KB) overflow the stack.</li>
 * </ul>
 */
final class BlockLimits extends AbstractBlockParserFactory {
    static final int MAX_TAG_ATTRIBUTES = 100;

    @Override
    public BlockStart tryStart(ParserState state, MatchedBlockParser matched) {
        int depth = 0;
        for (Node n = matched.getMatchedBlockParser().getBlock(); n.getParent() != null; n = n.getParent()) {
            depth++;
        }
        if (depth >= Nesting.MAX_DEPTH) {
            throw Nesting.tooDeep("the Markdown nests quotes and lists more than " + Nesting.MAX_DEPTH
                    + " deep at line " + line(state));
        }
        if (state.getIndent() < 4 && attributes(state.getLine().getContent(), state.getNextNonSpaceIndex())
                > MAX_TAG_ATTRIBUTES) {
            throw ContentException.invalid("the Markdown's HTML tag at line " + line(state) + " has more than "
                    + MAX_TAG_ATTRIBUTES + " attributes; at most " + MAX_TAG_ATTRIBUTES + " are read");
        }
        return BlockStart.none();
    }

    private static int line(ParserState state) {
        var span = state.getLine().getSourceSpan();
        return span == null ? 1 : span.getLineIndex() + 1;
    }

    /**
     * The attributes of the open tag at {@code i}, as commonmark's pattern matches them (name,
     * optional {@code =} and value, each after white space); 0 when no tag starts there. Counting
     * stops past the bound.
     */
    static int attributes(CharSequence line, int i) {
        int n = line.length();
        if (i + 1 >= n || line.charAt(i) != '<' || !letter(line.charAt(i + 1))) {
            return 0;
        }
        int j = i + 2;
        while (j < n && (letter(line.charAt(j)) || digit(line.charAt(j)) || line.charAt(j) == '-')) {
            j++;
        }
        int attributes = 0;
        while (attributes <= MAX_TAG_ATTRIBUTES) {
            int k = space(line, j);
            if (k == j || k >= n || !(letter(line.charAt(k)) || line.charAt(k) == '_' || line.charAt(k) == ':')) {
                break;
            }
            k++;
            while (k < n && nameChar(line.charAt(k))) {
                k++;
            }
            int v = space(line, k);
            if (v < n && line.charAt(v) == '=') {
                v = space(line, v + 1);
                if (v < n && (line.charAt(v) == '"' || line.charAt(v) == '\'')) {
                    int close = v + 1;
                    while (close < n && line.charAt(close) != line.charAt(v)) {
                        close++;
                    }
                    if (close == n) {
                        break;
                    }
                    k = close + 1;
                } else {
                    int u = v;
                    while (u < n && "\"'=<>`".indexOf(line.charAt(u)) < 0 && line.charAt(u) > ' ') {
                        u++;
                    }
                    if (u == v) {
                        break;
                    }
                    k = u;
                }
            }
            attributes++;
            j = k;
        }
        return attributes;
    }

    private static int space(CharSequence line, int i) {
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t' || line.charAt(i) == '\n'
                || line.charAt(i) == '\u000B' || line.charAt(i) == '\f' || line.charAt(i) == '\r')) {
            i++;
        }
        return i;
    }

    private static boolean nameChar(char c) {
        return letter(c) || digit(c) || c == '_' || c == '.' || c == ':' || c == '-';
    }

    private static boolean letter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
