package dev.c2a.content.commonmark;

import org.commonmark.node.Text;
import org.commonmark.parser.beta.InlineContentParser;
import org.commonmark.parser.beta.InlineContentParserFactory;
import org.commonmark.parser.beta.InlineParserState;
import org.commonmark.parser.beta.ParsedInline;
import org.commonmark.parser.beta.Position;
import org.commonmark.parser.beta.Scanner;


/**
 * A run of backticks with no run of the same length after it in the piece is text, as commonmark
 * reads it, but known at once: commonmark scans to the end of the piece for the closing run, so
 * runs of ever longer lengths ({@code `a``a```a…}) took more than quadratic time. A run that can
 * close is left to commonmark's parser, whose scan then ends at the closing run.
 */
final class BacktickParser implements InlineContentParser {
    private final Piece piece;

    private BacktickParser(Piece piece) {
        this.piece = piece;
    }

    static InlineContentParserFactory factory(Piece piece) {
        return piece.factory('`', () -> new BacktickParser(piece));
    }

    @Override
    public ParsedInline tryParse(InlineParserState state) {
        Scanner scanner = state.scanner();
        Position start = scanner.position();
        int at = InlineEnds.offset(scanner);
        if (at < 0) {
            return ParsedInline.none();
        }
        int ticks = scanner.matchMultiple('`');
        if (piece.ends().runAfter(ticks, at)) {
            scanner.setPosition(start);
            return ParsedInline.none();
        }
        return ParsedInline.of(new Text("`".repeat(ticks)), scanner.position());
    }
}
