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

    ChapterBuilder(String firstTitle, String source) {
        this.title = firstTitle;
        this.source = source;
    }

    void add(Block block) {
        if (block.kind() == Block.Kind.PAUSE || !block.text().isBlank()) {
            blocks.add(block);
        }
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
