package dev.c2a.content;

import dev.c2a.job.ContentType;
import dev.c2a.job.JobOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Readers walk trees recursively; deeply nested input of a few hundred KB is refused with the depth
 * it reaches, never a StackOverflowError.
 */
class NestingLimitsTest {
    private static final ContentReaders READERS = new ContentReaders(256 << 20, 10 << 20);

    private static Document read(ContentType type, String text) {
        return READERS.read(type, Content.text(text), ReadingPolicy.of(JobOptions.DEFAULTS));
    }

    private static String spoken(Document d) {
        return String.join(" | ", d.chapters().stream().flatMap(c -> c.blocks().stream())
                .map(b -> b.text().text().strip()).toList());
    }

    @Test
    void html_nested_50000_divs_deep_is_refused_naming_the_depth() {
        String html = "<div>".repeat(50_000) + "x" + "</div>".repeat(50_000);
        assertThatThrownBy(() -> read(ContentType.HTML, html))
                .isInstanceOfSatisfying(ContentException.class, e -> assertThat(e.tooLarge()).isFalse())
                .hasMessage("the HTML nests elements 50000 deep; at most 100 levels are read");
    }

    @Test
    void html_with_50000_unclosed_bold_elements_is_refused_naming_the_depth() {
        assertThatThrownBy(() -> read(ContentType.HTML, "<p>" + "<b>".repeat(50_000) + "bold"))
                .isInstanceOf(ContentException.class)
                .hasMessage("the HTML nests elements 50001 deep; at most 100 levels are read");
    }

    @Test
    void html_with_40000_nested_articles_is_refused_before_the_article_with_most_text_is_sought() {
        assertThatThrownBy(() -> read(ContentType.HTML, "<article>".repeat(40_000) + "x"))
                .hasMessage("the HTML nests elements 40000 deep; at most 100 levels are read");
    }

    @Test
    void html_nested_100_deep_is_read_and_101_deep_is_refused() {
        String hundred = "<div>".repeat(100) + "deep words" + "</div>".repeat(100);
        assertThat(spoken(read(ContentType.HTML, hundred))).isEqualTo("deep words");
        assertThatThrownBy(() -> read(ContentType.HTML, "<div>" + hundred + "</div>"))
                .hasMessage("the HTML nests elements 101 deep; at most 100 levels are read");
    }

    @Test
    void deep_markup_that_is_never_spoken_is_not_counted() {
        String svg = "<svg>" + "<g>".repeat(500) + "</g>".repeat(500) + "</svg>";
        assertThat(spoken(read(ContentType.HTML, "<p>Before.</p>" + svg + "<p>After.</p>")))
                .isEqualTo("Before. | After.");
    }

    @Test
    void an_epub_chapter_nested_too_deep_is_refused_naming_its_file() throws IOException {
        String chapter = TestEpub.xhtml("<div>".repeat(20_000) + "x" + "</div>".repeat(20_000));
        byte[] epub = new TestEpub().document("ch", "text/ch.xhtml", chapter).spine(List.of("ch")).zip();
        assertThatThrownBy(() -> READERS.read(ContentType.EPUB, new Content(null, epub),
                ReadingPolicy.of(JobOptions.DEFAULTS)))
                .hasMessage("the EPUB's OEBPS/text/ch.xhtml nests elements 20000 deep; at most 100 levels are read");
    }

    @Test
    void markdown_quoted_100000_levels_deep_is_refused() {
        assertThatThrownBy(() -> read(ContentType.MARKDOWN, ">".repeat(100_000) + " quoted"))
                .isInstanceOfSatisfying(ContentException.class, e -> assertThat(e.tooLarge()).isFalse())
                .hasMessage("the Markdown nests quotes and lists more than 100 deep at line 1;"
                        + " at most 100 levels are read");
    }

    @Test
    void markdown_lists_nested_deep_on_one_line_or_by_indentation_are_refused() {
        assertThatThrownBy(() -> read(ContentType.MARKDOWN, "- ".repeat(50_000) + "item"))
                .hasMessage("the Markdown nests quotes and lists more than 100 deep at line 1;"
                        + " at most 100 levels are read");
        StringBuilder indented = new StringBuilder();
        for (int level = 0; level < 150; level++) {
            indented.append("  ".repeat(level)).append("- item\n");
        }
        assertThatThrownBy(() -> read(ContentType.MARKDOWN, indented.toString()))
                .hasMessage("the Markdown nests quotes and lists more than 100 deep at line 51;"
                        + " at most 100 levels are read");
    }

    @Test
    void markdown_emphasis_and_images_nested_over_100_deep_are_refused_naming_the_depth() {
        // the paragraph and 120 levels of emphasis, or of images, in it
        String emphasis = "*a ".repeat(120) + "b" + " a*".repeat(120);
        assertThatThrownBy(() -> read(ContentType.MARKDOWN, "Text\n\n" + emphasis))
                .hasMessage("the Markdown nests quotes, lists, emphasis and links 121 deep at line 3;"
                        + " at most 100 levels are read");
        String images = "![".repeat(120) + "x" + "](u)".repeat(120);
        assertThatThrownBy(() -> read(ContentType.MARKDOWN, images))
                .hasMessage("the Markdown nests quotes, lists, emphasis and links 121 deep at line 1;"
                        + " at most 100 levels are read");
    }

    @Test
    void markdown_brackets_or_emphasis_50000_deep_are_refused_before_commonmark_nests_them() {
        assertThatThrownBy(() -> read(ContentType.MARKDOWN, "[".repeat(50_000) + "a" + "]".repeat(50_000)))
                .isInstanceOf(ContentException.class)
                .hasMessage("the Markdown has 100000 emphasis and bracket marks (* _ [ ]) with no space between them"
                        + " at line 1; at most 256 are read without a space");
        assertThatThrownBy(() -> read(ContentType.MARKDOWN, "*".repeat(50_000) + "a" + "*".repeat(50_000)))
                .hasMessageStartingWith("the Markdown has 100000 emphasis and bracket marks");
        assertThatThrownBy(() -> read(ContentType.MARKDOWN, "![[".repeat(30_000)))
                .hasMessageStartingWith("the Markdown has 60000 emphasis and bracket marks");
    }

    @Test
    void markdown_nested_within_the_limit_is_read() {
        String md = "> > > quoted three deep\n\n- one\n  - two\n    - three\n\n***strong and emphasised*** and"
                + " [![an image](i.png) in a link](u)\n";
        assertThat(spoken(read(ContentType.MARKDOWN, md)))
                .isEqualTo("quoted three deep | one | two | three | strong and emphasised and an image in a link");
    }
}
