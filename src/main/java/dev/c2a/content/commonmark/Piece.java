package dev.c2a.content.commonmark;

import org.commonmark.parser.SourceLines;

/**
 * The piece of inline text being parsed, shared by the inline parser that cuts the pieces and the
 * content parsers that look up where constructs end in it. One parse, one thread.
 */
final class Piece {
    private SourceLines lines;
    private InlineEnds ends;

    void set(SourceLines lines) {
        this.lines = lines;
        this.ends = null;
    }

    /** Computed on first use: most pieces have no {@code <} and no backtick. */
    InlineEnds ends() {
        if (ends == null) {
            ends = InlineEnds.of(lines);
        }
        return ends;
    }
}
