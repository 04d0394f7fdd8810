package dev.c2a.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A minimal EPUB for tests: documents under OEBPS/ in the manifest, a spine of their ids. */
final class TestEpub {
    private final Map<String, String> paths = new LinkedHashMap<>();
    private final Map<String, String> documents = new LinkedHashMap<>();
    private List<String> spine = List.of();

    static String xhtml(String body) {
        return "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>t</title></head><body>" + body
                + "</body></html>";
    }

    TestEpub document(String id, String path, String xhtml) {
        paths.put(id, path);
        documents.put(path, xhtml);
        return this;
    }

    TestEpub spine(List<String> ids) {
        this.spine = ids;
        return this;
    }

    byte[] zip() throws IOException {
        StringBuilder opf = new StringBuilder("<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\">"
                + "<metadata><dc:title>Limits</dc:title></metadata><manifest>");
        paths.forEach((id, path) -> opf.append("<item id=\"").append(id).append("\" href=\"").append(path)
                .append("\" media-type=\"application/xhtml+xml\"/>"));
        opf.append("</manifest><spine>");
        spine.forEach(id -> opf.append("<itemref idref=\"").append(id).append("\"/>"));
        opf.append("</spine></package>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            put(z, "META-INF/container.xml", "<container><rootfiles><rootfile full-path=\"OEBPS/book.opf\"/>"
                    + "</rootfiles></container>");
            put(z, "OEBPS/book.opf", opf.toString());
            for (Map.Entry<String, String> d : documents.entrySet()) {
                put(z, "OEBPS/" + d.getKey(), d.getValue());
            }
        }
        return out.toByteArray();
    }

    private static void put(ZipOutputStream z, String name, String text) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        z.write(text.getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
    }
}
