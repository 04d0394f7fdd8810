package dev.c2a.content;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain text: paragraphs are separated by blank lines. */
final class PlainTextReader implements ContentReader {
    private static final Pattern BLANK_LINE = Pattern.compile("\\n[ \\t\\x0B\\f\\r]*\\n\\s*");

    @Override
    public Document read(Content content, ReadingPolicy policy) {
        String text = content.text();
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLANK_LINE.matcher(text);
        int start = 0;
        while (m.find()) {
            add(blocks, text, start, m.start());
            start = m.end();
        }
        add(blocks, text, start, text.length());
        return Document.single(null, null, null, blocks);
    }

    private static void add(List<Block> blocks, String text, int from, int to) {
        String paragraph = text.substring(from, to);
        if (!paragraph.isBlank()) {
            blocks.add(Block.paragraph(MappedText.verbatim(paragraph, from)));
        }
    }
}
