package dev.c2a.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/**
 * Builds EPUB 3 books for tests and benchmarks: chapters with titles in the navigation document,
 * a cover image, footnotes with note references, and page-break markers, all as real readers
 * meet them.
 */
public final class SampleBook {
    public static final String FOOTNOTE_TEXT = "This footnote must never be spoken";
    public static final String PAGE_MARKER = "Page 7";

    private SampleBook() {
    }

    /** A chapter: its title and its paragraphs. */
    public record Chapter(String title, List<String> paragraphs) {
    }

    public static byte[] epub(String title, String author, List<Chapter> chapters) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, "mimetype", "application/epub+zip".getBytes(StandardCharsets.US_ASCII));
            put(zip, "META-INF/container.xml", """
                    <?xml version="1.0"?>
                    <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
                      <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
                    </container>""");
            StringBuilder manifest = new StringBuilder();
            StringBuilder spine = new StringBuilder();
            StringBuilder nav = new StringBuilder();
            for (int i = 0; i < chapters.size(); i++) {
                String file = "text/ch" + (i + 1) + ".xhtml";
                manifest.append("<item id=\"ch").append(i + 1).append("\" href=\"").append(file)
                        .append("\" media-type=\"application/xhtml+xml\"/>\n");
                spine.append("<itemref idref=\"ch").append(i + 1).append("\"/>\n");
                nav.append("<li><a href=\"").append(file).append("\">").append(escape(chapters.get(i).title()))
                        .append("</a></li>\n");
                put(zip, "OEBPS/" + file, chapter(chapters.get(i), i));
            }
            put(zip, "OEBPS/content.opf", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
                      <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
                        <dc:identifier id="id">urn:uuid:c2a-sample</dc:identifier>
                        <dc:title>%s</dc:title>
                        <dc:creator>%s</dc:creator>
                        <dc:language>en</dc:language>
                      </metadata>
                      <manifest>
                        <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
                        <item id="cover" href="images/cover.png" media-type="image/png" properties="cover-image"/>
                        %s
                      </manifest>
                      <spine>%s</spine>
                    </package>""".formatted(escape(title), escape(author), manifest, spine));
            put(zip, "OEBPS/nav.xhtml", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
                    <head><title>Contents</title></head>
                    <body><nav epub:type="toc"><h1>Contents</h1><ol>%s</ol></nav></body></html>""".formatted(nav));
            zip.putNextEntry(new ZipEntry("OEBPS/images/cover.png"));
            zip.write(cover());
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Chapters of generated prose, about {@code charsPerChapter} characters each. */
    public static List<Chapter> generated(int chapters, int charsPerChapter) {
        java.util.ArrayList<Chapter> out = new java.util.ArrayList<>();
        for (int c = 1; c <= chapters; c++) {
            out.add(new Chapter("The " + ordinal(c) + " Journey",
                    SampleTexts.make(Math.max(1, charsPerChapter / 300), 300, c)));
        }
        return out;
    }

    private static String ordinal(int n) {
        String[] words = {"First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth",
                "Tenth"};
        return n <= words.length ? words[n - 1] : "Chapter " + n;
    }

    private static String chapter(Chapter ch, int index) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(escape(ch.title())).append("</h1>\n");
        for (int i = 0; i < ch.paragraphs().size(); i++) {
            body.append("<p>").append(escape(ch.paragraphs().get(i)));
            if (i == 0) {
                body.append("<a epub:type=\"noteref\" href=\"#fn").append(index).append("\">1</a>");
            }
            body.append("</p>\n");
            if (i == 0) {
                body.append("<span epub:type=\"pagebreak\" id=\"p7\" title=\"7\">").append(PAGE_MARKER)
                        .append("</span>\n");
            }
        }
        body.append("<aside epub:type=\"footnote\" id=\"fn").append(index).append("\"><p>").append(FOOTNOTE_TEXT)
                .append(".</p></aside>\n");
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
                <head><title>%s</title><style>p { margin: 0 }</style></head>
                <body>
                %s</body></html>""".formatted(escape(ch.title()), body);
    }

    private static byte[] cover() throws IOException {
        BufferedImage img = new BufferedImage(64, 96, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(30, 60, 120));
        g.fillRect(0, 0, 64, 96);
        g.setColor(Color.WHITE);
        g.fillRect(8, 30, 48, 12);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** The mimetype entry is stored uncompressed, as EPUB requires. */
    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
