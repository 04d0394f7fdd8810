package dev.c2a.content;

import java.util.ArrayList;
import java.util.List;

/** Collects blocks into chapters as a reader walks its content. Empty chapters are dropped. */
final class ChapterBuilder {
    private final List<Chapter> chapters = new ArrayList<>();
    private String title;
    private String source;
    private List<Block> blocks = new ArrayList<>();
    private boolean split;
    private long textBytes;

    ChapterBuilder(String firstTitle, String source) {
        this.title = firstTitle;
        this.source = source;
    }

    void add(Block block) {
        if (block.kind() == Block.Kind.PAUSE || !block.text().isBlank()) {
            blocks.add(block);
            textBytes += utf8Length(block.text().text());
        }
    }

    /** The size of the text added so far, in UTF-8 bytes (the unit of the setting max-text-bytes). */
    long textBytes() {
        return textBytes;
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // a surrogate pair is four bytes: two for each of its chars
            n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }

    /** Starts a new chapter; what was collected so far becomes the previous one. */
    void startChapter(String newTitle, String newSource) {
        finish();
        title = newTitle;
        source = newSource;
        split = true;
    }

    private void finish() {
        if (blocks.stream().anyMatch(b -> b.kind() != Block.Kind.PAUSE)) {
            chapters.add(new Chapter(title, source, List.copyOf(blocks)));
        }
        blocks = new ArrayList<>();
    }

    /** The chapters; whether any came from a heading or a table of contents. */
    List<Chapter> chapters() {
        finish();
        return List.copyOf(chapters);
    }

    boolean split() {
        return split;
    }
}
