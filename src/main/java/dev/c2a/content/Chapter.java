package dev.c2a.content;

import java.util.List;

/**
 * A chapter: its title (null when the content has none) and its blocks. {@code source} names the
 * file inside the content the blocks' source ranges refer to (an EPUB's XHTML file), or is null
 * for the submitted text itself.
 */
public record Chapter(String title, String source, List<Block> blocks) {
}
