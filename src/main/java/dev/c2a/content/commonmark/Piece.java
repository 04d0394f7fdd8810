package dev.c2a.content.commonmark;

import org.commonmark.parser.SourceLines;
import org.commonmark.parser.beta.InlineContentParser;
import org.commonmark.parser.beta.InlineContentParserFactory;

import java.util.Set;
import java.util.function.Supplier;

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

    /** The factory commonmark asks for a content parser of {@code trigger}, here for this piece's parsers. */
    InlineContentParserFactory factory(char trigger, Supplier<InlineContentParser> create) {
        return new InlineContentParserFactory() {
            @Override
            public Set<Character> getTriggerCharacters() {
                return Set.of(trigger);
            }

            @Override
            public InlineContentParser create() {
                return create.get();
            }
        };
    }
}
