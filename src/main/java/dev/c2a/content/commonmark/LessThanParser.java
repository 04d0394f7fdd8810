package dev.c2a.content.commonmark;

import org.commonmark.internal.inline.AutolinkInlineParser;
import org.commonmark.internal.inline.HtmlInlineParser;
import org.commonmark.node.Text;
import org.commonmark.parser.beta.InlineContentParser;
import org.commonmark.parser.beta.InlineContentParserFactory;
import org.commonmark.parser.beta.InlineParserState;
import org.commonmark.parser.beta.ParsedInline;
import org.commonmark.parser.beta.Position;
import org.commonmark.parser.beta.Scanner;

import java.util.regex.Pattern;

/**
 * {@code <}: an autolink or inline HTML, else text, as in commonmark, with the same result in
 * linear time. commonmark's own parsers scan from every {@code <} for a {@code >} (and for the end
 * of a comment, processing instruction or CDATA section) to the end of the paragraph when there is
 * none, so {@code "<".repeat(n)} took quadratic time (100 KB: 13 s). Here commonmark's parsers are
 * asked only when the end they look for is there ({@link InlineEnds}); an autolink is tried only up
 * to the first {@code <}, {@code >}, space or control character, which ends any autolink, and not
 * when it is long and no URI, because commonmark's e-mail pattern overflows the stack on some
 * long addresses (20 KB).
 */
final class LessThanParser implements InlineContentParser {
    /** The longest e-mail address (RFC 5321) tried as an autolink: 254, with room to spare. */
    private static final int MAX_EMAIL = 320;
    private static final Pattern URI_SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9.+-]{1,31}:");

    private final Piece piece;
    private final InlineContentParser autolink = new AutolinkInlineParser();
    private final InlineContentParser html = new HtmlInlineParser();

    private LessThanParser(Piece piece) {
        this.piece = piece;
    }

    static InlineContentParserFactory factory(Piece piece) {
        return piece.factory('<', () -> new LessThanParser(piece));
    }

    @Override
    public ParsedInline tryParse(InlineParserState state) {
        Scanner scanner = state.scanner();
        Position start = scanner.position();
        int at = InlineEnds.offset(scanner);
        if (at < 0) {
            return ParsedInline.none();
        }
        InlineEnds ends = piece.ends();
        if (autolinkMayFollow(scanner, start)) {
            scanner.setPosition(start);
            ParsedInline link = autolink.tryParse(state);
            if (link != null) {
                return link;
            }
        }
        scanner.setPosition(start);
        if (htmlMayEnd(scanner, at, ends)) {
            scanner.setPosition(start);
            ParsedInline tag = html.tryParse(state);
            if (tag != null) {
                return tag;
            }
        }
        scanner.setPosition(start);
        scanner.next();
        return ParsedInline.of(new Text("<"), scanner.position());
    }

    /** Whether the first {@code <}, {@code >}, space or control character after the {@code <} is a {@code >}. */
    private static boolean autolinkMayFollow(Scanner scanner, Position start) {
        scanner.next();
        Position content = scanner.position();
        int length = 0;
        char c;
        while ((c = scanner.peek()) != '<' && c != '>' && c > ' ') {
            scanner.next();
            length++;
        }
        if (c != '>' || length == 0) {
            return false;
        }
        return length <= MAX_EMAIL
                || URI_SCHEME.matcher(scanner.getSource(content, scanner.position()).getContent()).lookingAt();
    }

    /**
     * Whether inline HTML may start here and end in the piece. Tags are scanned only to the next
     * quote, space or {@code >}; comments, processing instructions, CDATA and declarations to their
     * end, so those are tried only when their end comes after them.
     */
    private static boolean htmlMayEnd(Scanner scanner, int at, InlineEnds ends) {
        scanner.next();
        char c = scanner.peek();
        if (letter(c) || c == '/') {
            return true;
        }
        if (c == '?') {
            return ends.instructionEndFrom(at + 2);
        }
        if (c != '!') {
            return false;
        }
        scanner.next();
        c = scanner.peek();
        return c == '-' ? ends.commentEndAfter(at) : c == '[' ? ends.cdataEndAfter(at) : letter(c) && ends.gtAfter(at);
    }

    private static boolean letter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
