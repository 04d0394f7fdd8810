package dev.c2a.content.commonmark;

import org.commonmark.internal.InlineParserImpl;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.InlineParser;
import org.commonmark.parser.Parser;
import org.commonmark.parser.SourceLines;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** commonmark's inline parser never gets more than {@link PiecewiseInlineParser#MAX_MARKS} marks at once. */
class PiecewiseInlineParserTest {
    private final List<String> pieces = new ArrayList<>();

    private Node parse(String markdown) {
        Piece piece = new Piece();
        return Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
                .inlineParserFactory(context -> new PiecewiseInlineParser(recording(new InlineParserImpl(context)),
                        piece))
                .build().parse(markdown);
    }

    private InlineParser recording(InlineParser parser) {
        return (SourceLines lines, Node block) -> {
            pieces.add(lines.getContent());
            parser.parse(lines, block);
        };
    }

    private static long marks(String s) {
        return s.chars().filter(c -> "*_[]".indexOf(c) >= 0).count();
    }

    @Test
    void a_paragraph_with_few_marks_is_parsed_whole() {
        String paragraph = "Some *emphasis* and a [link](u), ".repeat(40).strip();
        parse(paragraph);
        assertThat(pieces).containsExactly(paragraph);
    }

    @Test
    void a_paragraph_with_many_marks_is_parsed_in_pieces_of_at_most_256_marks_that_lose_no_text() {
        String paragraph = "word *em* [link](u)\nnext line ".repeat(5_000).strip();
        parse(paragraph);
        assertThat(pieces).hasSizeGreaterThan(5_000 * 4 / 256);
        assertThat(pieces).allSatisfy(p -> assertThat(marks(p)).isLessThanOrEqualTo(256));
        assertThat(String.join("", pieces).replaceAll("\\s", "")).isEqualTo(paragraph.replaceAll("\\s", ""));
    }

    @Test
    void pieces_are_cut_outside_links_so_links_with_spaces_stay_whole() {
        String paragraph = "a [link of four words](u) ".repeat(1_000).strip();
        Node document = parse(paragraph);
        assertThat(pieces).hasSizeGreaterThan(1).allSatisfy(p -> assertThat(p.chars().filter(c -> c == '[').count())
                .isEqualTo(p.chars().filter(c -> c == ']').count()));
        int links = 0;
        for (Node n = document.getFirstChild().getFirstChild(); n != null; n = n.getNext()) {
            links += n instanceof Link ? 1 : 0;
        }
        assertThat(links).isEqualTo(1_000);
    }
}
