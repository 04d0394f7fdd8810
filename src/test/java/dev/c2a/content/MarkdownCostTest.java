package dev.c2a.content;

import dev.c2a.job.ContentType;
import dev.c2a.job.JobOptions;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Markdown that commonmark-java 0.25 parses in quadratic time, or that overflows its stack, reads
 * as commonmark reads it or is refused with what and where. Inputs are 400 KB; before the bounds,
 * each took from a minute to many minutes, or threw a StackOverflowError.
 */
class MarkdownCostTest {
    private static final ContentReaders READERS = new ContentReaders(256 << 20, 10 << 20);

    private static String spoken(String markdown) {
        Document d = READERS.read(ContentType.MARKDOWN, Content.text(markdown), ReadingPolicy.of(JobOptions.DEFAULTS));
        return String.join(" | ", d.chapters().stream().flatMap(c -> c.blocks().stream())
                .map(b -> b.text().text().strip()).toList());
    }

    @Test
    void less_thans_with_no_greater_than_after_them_are_text() {
        String md = "a " + "<".repeat(400_000);
        assertThat(spoken(md)).isEqualTo(md);
    }

    @Test
    void comments_instructions_and_declarations_that_never_end_are_text() {
        for (String opener : new String[] {"<!--", "<?", "<!A ", "<!--x>"}) {
            String md = "a " + opener.repeat(400_000 / opener.length());
            assertThat(spoken(md)).as(opener).isEqualTo(md.strip());
        }
    }

    @Test
    void autolinks_inline_html_and_code_spans_read_as_commonmark_reads_them() {
        assertThat(spoken("See <https://example.com/a>, <me@example.com> and <b>bold</b><!-- note --> `x<y` < z."))
                .isEqualTo("See https://example.com/a, me@example.com and bold x<y < z.");
        assertThat(spoken("``a ` b`` and `` ` ``")).isEqualTo("a ` b and `");
    }

    @Test
    void backtick_runs_of_every_length_with_no_closing_run_are_text() {
        String md = IntStream.rangeClosed(1, 890).mapToObj(k -> "`".repeat(k) + "a").collect(joining());
        assertThat(md.length()).isGreaterThan(390_000);
        assertThat(spoken(md)).isEqualTo(md);
    }

    @Test
    void a_long_email_autolink_is_text_instead_of_overflowing_commonmarks_pattern() {
        String md = "Mail <a@b" + ".a".repeat(10_000) + "> now.";
        assertThat(spoken(md)).isEqualTo(md);
    }

    @Test
    void an_html_tag_line_with_a_thousand_attributes_is_refused() {
        assertThatThrownBy(() -> spoken("Text.\n\n<a" + " b=c".repeat(1_000) + ">\n"))
                .isInstanceOfSatisfying(ContentException.class, e -> assertThat(e.tooLarge()).isFalse())
                .hasMessage("the Markdown's HTML tag at line 3 has more than 100 attributes; at most 100 are read");
    }

    @Test
    void a_one_line_paragraph_of_emphasis_and_links_reads_every_word() {
        String md = "word *em* [link](https://example.com/u) ".repeat(10_000);
        assertThat(md.length()).isEqualTo(400_000);
        assertThat(spoken(md)).isEqualTo("word em link ".repeat(10_000).strip());
    }

    @Test
    void emphasis_closers_that_never_match_are_text() {
        String md = "a**b" + "c* ".repeat(130_000);
        assertThat(spoken(md)).isEqualTo(md.strip());
    }

    @Test
    void a_table_whose_rows_would_be_filled_to_2000_columns_is_refused() {
        String md = "|a".repeat(2_000) + "|\n" + "|-".repeat(2_000) + "|\n" + "x\n".repeat(200);
        assertThatThrownBy(() -> spoken(md))
                .hasMessage("the Markdown's tables have more than 200000 cells (at line 102; each row is filled up"
                        + " to its table's columns); at most 200000 are read");
    }

    @Test
    void more_than_a_million_markup_characters_are_refused_before_parsing() {
        MarkdownReader onOneGib = new MarkdownReader(1L << 30);
        String md = "<".repeat(1_000_001);
        assertThatThrownBy(() -> onOneGib.read(Content.text(md), ReadingPolicy.of(JobOptions.DEFAULTS)))
                .hasMessage("the Markdown has 1000001 line breaks and markup characters (* _ [ ] ! < ` & \\);"
                        + " at most 1000000 are read (1000000, or one for each KiB of the Java heap if less)");
    }

    @Test
    void a_small_heap_lowers_the_bound_on_markup_characters() {
        MarkdownReader onSmallHeap = new MarkdownReader(256L << 20);
        String lines = "a line\n".repeat(262_145);
        assertThatThrownBy(() -> onSmallHeap.read(Content.text(lines), ReadingPolicy.of(JobOptions.DEFAULTS)))
                .hasMessageStartingWith("the Markdown has 262145 line breaks and markup characters"
                        + " (* _ [ ] ! < ` & \\); at most 262144 are read");
    }
}
