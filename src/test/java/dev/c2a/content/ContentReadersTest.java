package dev.c2a.content;

import dev.c2a.job.ContentType;
import dev.c2a.job.JobOptions;
import dev.c2a.testing.SampleBook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentReadersTest {
    private static final ContentReaders READERS = new ContentReaders(10 << 20, 10 << 20);

    private static Document read(ContentType type, String text, JobOptions options) {
        return READERS.read(type, Content.text(text), ReadingPolicy.of(options));
    }

    private static Document read(ContentType type, String text) {
        return read(type, text, JobOptions.DEFAULTS);
    }

    private static List<String> texts(Document d) {
        return d.chapters().stream().flatMap(c -> c.blocks().stream()).filter(b -> b.kind() != Block.Kind.PAUSE)
                .map(b -> b.text().text().strip()).toList();
    }

    private static String all(Document d) {
        return String.join(" | ", texts(d));
    }

    private static JobOptions policy(String code, String tables, String images) {
        return new JobOptions(null, code, tables, images, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    @Test
    void markdown_reads_link_text_and_never_speaks_markers_or_urls() {
        String md = "# Title\n\nSome *emphasis*, **strong** and [a link](https://example.com/x) here.\n\n"
                + "- first\n- second\n\n1. one\n2. two\n\n> quoted\n";
        Document d = read(ContentType.MARKDOWN, md);
        assertThat(texts(d)).containsExactly("Title", "Some emphasis, strong and a link here.", "first", "second",
                "one", "two", "quoted");
        assertThat(d.title()).isEqualTo("Title");
        assertThat(d.chaptered()).isFalse();
    }

    @Test
    void markdown_code_tables_and_images_follow_the_policy() {
        String md = "Intro ![a red fox](fox.png) text.\n\n```\nprint(1)\n```\n\n| A | B |\n|---|---|\n| 1 | 2 |\n";
        assertThat(all(read(ContentType.MARKDOWN, md, policy("skip", "skip", "skip")))).isEqualTo("Intro text.");
        assertThat(all(read(ContentType.MARKDOWN, md, policy("announce", "announce", "announce"))))
                .isEqualTo("Intro (image omitted) text. | Code omitted. | Table omitted.");
        assertThat(all(read(ContentType.MARKDOWN, md, policy("read", "read", "read"))))
                .isEqualTo("Intro a red fox text. | print(1) | A, B. | 1, 2.");
    }

    @Test
    void markdown_headings_become_chapters_when_asked() {
        String md = "# One\n\nText one.\n\n## Sub\n\nMore.\n\n# Two\n\nText two.\n";
        JobOptions markers = new JobOptions(null, null, null, null, "markers", 1, null, null, null, null, null, null,
                null, null, null, null);
        Document d = read(ContentType.MARKDOWN, md, markers);
        assertThat(d.chaptered()).isTrue();
        assertThat(d.chapters()).extracting(Chapter::title).containsExactly("One", "Two");
        assertThat(d.chapters().get(0).blocks()).extracting(Block::kind)
                .containsExactly(Block.Kind.HEADING, Block.Kind.PARAGRAPH, Block.Kind.HEADING, Block.Kind.PARAGRAPH);
    }

    @Test
    void every_block_maps_back_to_its_characters_in_the_original() {
        String md = "# Title\n\nSome *emphasis* and [a link](https://example.com/x) here.\n";
        Document d = read(ContentType.MARKDOWN, md);
        Block para = d.chapters().get(0).blocks().get(1);
        String text = para.text().text();
        int[] word = para.text().sourceRange(text.indexOf("emphasis"), text.indexOf("emphasis") + 8);
        assertThat(md.substring(word[0], word[1])).isEqualTo("emphasis");
        int[] whole = para.text().sourceRange(0, text.length());
        assertThat(md.substring(whole[0], whole[1])).startsWith("Some").endsWith("here.");

        String html = "<p>Caf&eacute; is <b>open</b> today.</p>";
        Block p = read(ContentType.HTML, html).chapters().get(0).blocks().get(0);
        String t = p.text().text();
        int[] open = p.text().sourceRange(t.indexOf("open"), t.indexOf("open") + 4);
        assertThat(html.substring(open[0], open[1])).isEqualTo("open");
    }

    @Test
    void html_keeps_the_article_and_drops_page_furniture() {
        String html = """
                <html lang="en"><head><title>News</title><style>p{}</style><script>var x = "script text";</script></head>
                <body><header><a href="/">Home</a> Menu</header>
                <nav><ul><li>Navigation link</li></ul></nav>
                <div class="cookie-banner">We use cookies. Accept?</div>
                <article><h1>Big story</h1><p>The first paragraph.</p>
                <figure><img src="a.png" alt="A chart of sales"><figcaption>Sales grew.</figcaption></figure>
                <aside>Related: other stories</aside><p>The <a href="/x">second</a> paragraph.</p></article>
                <div id="newsletter-signup">Subscribe now</div>
                <footer>Copyright 2026</footer></body></html>""";
        Document d = read(ContentType.HTML, html);
        assertThat(texts(d)).containsExactly("Big story", "The first paragraph.", "A chart of sales",
                "Sales grew.", "The second paragraph.");
        assertThat(d.title()).isEqualTo("News");
        assertThat(d.language()).isEqualTo("en");
    }

    @Test
    void html_dense_with_tags_is_refused_before_it_is_parsed() {
        HtmlReader onOneGib = new HtmlReader(1L << 30);
        String html = "<b>x</b>".repeat(140_000);
        assertThatThrownBy(() -> onOneGib.read(Content.text(html), ReadingPolicy.of(JobOptions.DEFAULTS)))
                .isInstanceOfSatisfying(ContentException.class, e -> assertThat(e.tooLarge()).isTrue())
                .hasMessage("the HTML has 280000 tags; at most 262144 are read (one for each 4 KiB of the Java heap)");
    }

    @Test
    void a_table_nested_in_a_cell_is_read_once_through_its_cell() {
        String html = "<table><thead><tr><th>Name</th><th>Notes</th></tr></thead><tbody><tr><td>Outer</td><td>"
                + "<table><tr><td>inner words</td><td>more</td></tr></table></td></tr></tbody>"
                + "<tfoot><tr><td>Total</td><td>one</td></tr></tfoot></table>";
        List<String> texts = texts(read(ContentType.HTML, html, policy("read", "read", "read")));
        assertThat(texts).containsExactly("Name, Notes.", "Outer,", "inner words, more.", "Total, one.");
    }

    @Test
    void tables_nested_deep_are_each_read_once() {
        int depth = 20;
        StringBuilder html = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            html.append("<table><tr><td>level ").append(i).append(' ');
        }
        html.append("</td></tr></table>".repeat(depth));
        String spoken = all(read(ContentType.HTML, html.toString(), policy("read", "read", "read")));
        for (int i = 0; i < depth; i++) {
            assertThat(spoken.split("level " + i + "\\b", -1)).as("level %d", i).hasSize(2);
        }
    }

    @Test
    void ssml_is_degraded_to_text_and_pauses_never_to_spoken_tags() {
        String ssml = "<speak xml:lang=\"en\"><p>Hello <emphasis>world</emphasis>.</p><break time=\"700ms\"/>"
                + "<p><sub alias=\"World Wide Web Consortium\">W3C</sub> says <say-as interpret-as=\"characters\">"
                + "abc</say-as>. <prosody rate=\"slow\">Slowly.</prosody></p></speak>";
        Document d = read(ContentType.SSML, ssml);
        List<Block> blocks = d.chapters().get(0).blocks();
        assertThat(blocks).extracting(Block::kind)
                .containsExactly(Block.Kind.PARAGRAPH, Block.Kind.PAUSE, Block.Kind.PARAGRAPH);
        assertThat(blocks.get(1).pauseMillis()).isEqualTo(700);
        assertThat(blocks.get(0).text().text()).isEqualTo("Hello world.");
        assertThat(blocks.get(2).text().text().replaceAll("\\s+", " ").strip())
                .isEqualTo("World Wide Web Consortium says a b c . Slowly.");
        assertThat(d.language()).isEqualTo("en");
    }

    @Test
    void bad_ssml_is_refused_with_line_and_column() {
        assertThatThrownBy(() -> read(ContentType.SSML, "<speak>\n<p>unclosed</speak>"))
                .isInstanceOf(ContentException.class).hasMessageStartingWith("SSML is not valid at line 2");
        assertThatThrownBy(() -> read(ContentType.SSML, "<voice>hi</voice>"))
                .hasMessageContaining("root element must be <speak>");
        assertThatThrownBy(() -> read(ContentType.SSML, "<speak><break time=\"soon\"/></speak>"))
                .hasMessageContaining("is not a time such as 500ms");
        assertThatThrownBy(() -> read(ContentType.SSML, "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM"
                + " \"file:///etc/passwd\">]><speak>&e;</speak>")).hasMessageContaining("DOCTYPE");
    }

    @Test
    void an_epub_gives_its_chapters_titles_metadata_and_cover_and_skips_notes_and_page_numbers() {
        byte[] epub = SampleBook.epub("The Book", "Ann Author", SampleBook.generated(3, 900));
        Document d = READERS.read(ContentType.EPUB, new Content(null, epub), ReadingPolicy.of(JobOptions.DEFAULTS));
        assertThat(d.title()).isEqualTo("The Book");
        assertThat(d.author()).isEqualTo("Ann Author");
        assertThat(d.language()).isEqualTo("en");
        assertThat(d.cover().mediaType()).isEqualTo("image/png");
        assertThat(d.cover().bytes()).startsWith(0x89, 'P', 'N', 'G');
        assertThat(d.chaptered()).isTrue();
        assertThat(d.chapters()).extracting(Chapter::title)
                .containsExactly("The First Journey", "The Second Journey", "The Third Journey");
        assertThat(d.chapters().get(1).source()).isEqualTo("OEBPS/text/ch2.xhtml");
        String spoken = all(d);
        assertThat(spoken).doesNotContain(SampleBook.FOOTNOTE_TEXT).doesNotContain(SampleBook.PAGE_MARKER);
        assertThat(texts(d)).noneMatch(t -> t.matches(".*\\.1$"));
    }

    @Test
    void an_epub_2_takes_chapter_titles_from_its_ncx() throws Exception {
        byte[] epub = zip(
                "META-INF/container.xml", "<container><rootfiles><rootfile full-path=\"book.opf\"/></rootfiles></container>",
                "book.opf", "<package><metadata><dc:title>Old</dc:title></metadata><manifest>"
                        + "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>"
                        + "<item id=\"a\" href=\"a.html\" media-type=\"application/xhtml+xml\"/>"
                        + "<item id=\"b\" href=\"b.html\" media-type=\"application/xhtml+xml\"/></manifest>"
                        + "<spine toc=\"ncx\"><itemref idref=\"a\"/><itemref idref=\"b\"/></spine></package>",
                "toc.ncx", "<!DOCTYPE ncx PUBLIC \"-//NISO//DTD ncx 2005-1//EN\" \"http://www.daisy.org/z3986/2005/ncx-2005-1.dtd\">"
                        + "<ncx><navMap><navPoint><navLabel><text>Opening</text></navLabel><content src=\"a.html\"/>"
                        + "</navPoint><navPoint><navLabel><text>Closing</text></navLabel><content src=\"b.html#top\"/>"
                        + "</navPoint></navMap></ncx>",
                "a.html", "<html><body><p>First words.</p></body></html>",
                "b.html", "<html><body><p>Last words.</p></body></html>");
        Document d = READERS.read(ContentType.EPUB, new Content(null, epub), ReadingPolicy.of(JobOptions.DEFAULTS));
        assertThat(d.chapters()).extracting(Chapter::title).containsExactly("Opening", "Closing");
        assertThat(d.title()).isEqualTo("Old");
    }

    @Test
    void a_zip_bomb_stops_at_the_bound_and_broken_archives_say_what_is_wrong() throws Exception {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bomb)) {
            z.putNextEntry(new ZipEntry("META-INF/container.xml"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                z.write(zeros);
            }
            z.closeEntry();
        }
        assertThat(bomb.size()).as("64 MiB compressed to almost nothing").isLessThan(1 << 20);
        assertThatThrownBy(() -> READERS.read(ContentType.EPUB, new Content(null, bomb.toByteArray()),
                ReadingPolicy.of(JobOptions.DEFAULTS)))
                .isInstanceOfSatisfying(ContentException.class, e -> assertThat(e.tooLarge()).isTrue())
                .hasMessageContaining("ZIP bomb");
        assertThatThrownBy(() -> READERS.read(ContentType.EPUB, new Content(null, "not a zip".getBytes()),
                ReadingPolicy.of(JobOptions.DEFAULTS))).hasMessageContaining("not a ZIP archive");
        byte[] truncated = java.util.Arrays.copyOf(SampleBook.epub("T", "A", SampleBook.generated(1, 300)), 300);
        assertThatThrownBy(() -> READERS.read(ContentType.EPUB, new Content(null, truncated),
                ReadingPolicy.of(JobOptions.DEFAULTS))).isInstanceOf(ContentException.class);
        assertThatThrownBy(() -> READERS.read(ContentType.EPUB, new Content(null, zip("a.txt", "hello")),
                ReadingPolicy.of(JobOptions.DEFAULTS))).hasMessageContaining("META-INF/container.xml");
    }

    private static byte[] zip(String... namesAndTexts) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndTexts.length; i += 2) {
                z.putNextEntry(new ZipEntry(namesAndTexts[i]));
                z.write(namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
