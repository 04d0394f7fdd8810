package dev.c2a.content;

import dev.c2a.job.JobOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An EPUB's work is bounded by what it holds, not by what it claims: a few hundred KB never fill the heap. */
class EpubLimitsTest {
    private static final long MIB = 1 << 20;
    /** The reader as the service builds it with the default settings, on a 1 GiB heap. */
    private static final EpubReader READER = new EpubReader(256 * MIB, 10 * MIB, 1024 * MIB);

    private static Document read(EpubReader reader, byte[] epub) {
        return reader.read(new Content(null, epub), ReadingPolicy.of(JobOptions.DEFAULTS));
    }

    private static String text(Document d) {
        StringBuilder all = new StringBuilder();
        d.chapters().forEach(c -> c.blocks().forEach(b -> all.append(b.text().text()).append('\n')));
        return all.toString();
    }

    @Test
    void an_epub_whose_spine_repeats_a_chapter_reads_it_once() throws IOException {
        String chapter = TestEpub.xhtml("<p>The chapter begins here.</p>\n"
                + "<p>Words that fill the chapter to a hundred kilobytes of text.</p>\n".repeat(1_600)
                + "<p>The chapter ends here.</p>");
        assertThat(chapter.length()).isGreaterThan(100_000);
        byte[] epub = new TestEpub().document("ch", "text/ch.xhtml", chapter)
                .spine(Collections.nCopies(5_000, "ch")).zip();
        assertThat(epub.length).as("5,000 itemrefs and one chapter compress to little").isLessThan(200_000);

        String text = text(read(READER, epub));

        assertThat(text.split("The chapter begins here", -1)).hasSize(2);
        assertThat(text.split("The chapter ends here", -1)).hasSize(2);
    }

    @Test
    void a_repeated_chapter_later_in_the_spine_is_skipped_and_the_order_kept() throws IOException {
        byte[] epub = new TestEpub().document("a", "a.xhtml", TestEpub.xhtml("<p>Alpha.</p>"))
                .document("b", "b.xhtml", TestEpub.xhtml("<p>Beta.</p>")).spine(List.of("a", "b", "a", "b", "a")).zip();

        assertThat(text(read(READER, epub))).isEqualTo("Alpha.\nBeta.\n");
    }

    @Test
    void an_epub_document_over_16_mib_is_refused_as_too_large_naming_the_file() throws IOException {
        String paragraph = "<p>Forty megabytes of markup that compress to almost nothing.</p>\n";
        String big = TestEpub.xhtml(paragraph.repeat(40 * (int) MIB / paragraph.length()));
        byte[] epub = new TestEpub().document("big", "text/big.xhtml", big).spine(List.of("big")).zip();
        assertThat(epub.length).isLessThan((int) MIB);

        assertThatThrownBy(() -> read(READER, epub))
                .isInstanceOfSatisfying(ContentException.class, e -> assertThat(e.tooLarge()).isTrue())
                .hasMessage("the EPUB's OEBPS/text/big.xhtml is larger than 16777216 bytes, the most one document"
                        + " may be (16 MiB, or 1/64 of the Java heap if less)");
    }

    @Test
    void a_small_heap_lowers_the_bound_on_one_document() throws IOException {
        EpubReader onSmallHeap = new EpubReader(256 * MIB, 10 * MIB, 256 * MIB);
        String big = TestEpub.xhtml("<p>Five megabytes of markup.</p>\n".repeat(5 * (int) MIB / 32));
        byte[] epub = new TestEpub().document("big", "big.xhtml", big).spine(List.of("big")).zip();

        assertThatThrownBy(() -> read(onSmallHeap, epub)).hasMessageStartingWith(
                "the EPUB's OEBPS/big.xhtml is larger than 4194304 bytes");
    }

    @Test
    void an_epub_document_dense_with_tags_is_refused_before_it_is_parsed() throws IOException {
        // 2.4 MB, well under 16 MiB, but 600,000 tags: a tree of about 500 MB
        String dense = TestEpub.xhtml("<p>x</p>".repeat(300_000));
        byte[] epub = new TestEpub().document("dense", "dense.xhtml", dense).spine(List.of("dense")).zip();

        assertThatThrownBy(() -> read(READER, epub))
                .isInstanceOfSatisfying(ContentException.class, e -> assertThat(e.tooLarge()).isTrue())
                .hasMessage("the EPUB's OEBPS/dense.xhtml has 600008 tags; at most 262144 are read (one for each"
                        + " 4 KiB of the Java heap)");
    }

    @Test
    void the_markup_an_epub_keeps_in_memory_is_bounded_by_a_sixteenth_of_the_heap() throws IOException {
        TestEpub book = new TestEpub();
        List<String> spine = new ArrayList<>();
        String paragraph = "<p>Fifteen megabytes in each of five chapters.</p>\n";
        String chapter = TestEpub.xhtml(paragraph.repeat(15 * (int) MIB / paragraph.length()));
        for (int i = 1; i <= 5; i++) {
            book.document("ch" + i, "ch" + i + ".xhtml", chapter);
            spine.add("ch" + i);
        }
        byte[] epub = book.spine(spine).zip();

        assertThatThrownBy(() -> read(READER, epub))
                .isInstanceOfSatisfying(ContentException.class, e -> assertThat(e.tooLarge()).isTrue())
                .hasMessage("the EPUB's documents come to more than 67108864 bytes, the most one EPUB may hold"
                        + " in memory (1/16 of the Java heap)");
    }

    @Test
    void an_epub_whose_text_is_over_max_text_bytes_is_refused_naming_the_setting() throws IOException {
        EpubReader reader = new EpubReader(256 * MIB, 1_000, 1024 * MIB);
        String chapter = TestEpub.xhtml("<p>" + "Six hundred characters of text. ".repeat(19) + "</p>");
        byte[] epub = new TestEpub().document("a", "a.xhtml", chapter).document("b", "b.xhtml", chapter)
                .document("c", "c.xhtml", chapter).spine(List.of("a", "b", "c")).zip();

        assertThatThrownBy(() -> read(reader, epub))
                .isInstanceOfSatisfying(ContentException.class, e -> assertThat(e.tooLarge()).isTrue())
                .hasMessage("the EPUB's text is more than 1000 bytes (setting max-text-bytes); it goes past the"
                        + " limit in OEBPS/b.xhtml");
    }
}
