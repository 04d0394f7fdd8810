package dev.c2a.content.commonmark;

import org.commonmark.node.SourceSpan;
import org.commonmark.parser.SourceLine;
import org.commonmark.parser.SourceLines;
import org.commonmark.parser.beta.Position;
import org.commonmark.parser.beta.Scanner;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where, in a piece of inline text, the constructs that {@code <} and backticks open can end, by
 * input offset: the last {@code >}, {@code -->}, {@code ?>}, {@code ]]>}, and the last backtick run
 * of each length. An opener whose end comes after it may succeed; one whose end does not is text,
 * known without the scan to the piece's end that commonmark would make for each such opener.
 */
final class InlineEnds {
    private int lastGt = -1;
    private int lastCommentEnd = -1;
    private int lastInstructionEnd = -1;
    private int lastCdataEnd = -1;
    private final Map<Integer, Integer> lastRun = new HashMap<>();

    static InlineEnds of(SourceLines lines) {
        InlineEnds ends = new InlineEnds();
        for (SourceLine line : lines.getLines()) {
            SourceSpan span = line.getSourceSpan();
            if (span != null) {
                ends.scan(line.getContent(), span.getInputIndex());
            }
        }
        return ends;
    }

    private void scan(CharSequence s, int offset) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '>') {
                lastGt = offset + i;
                if (i >= 2 && s.charAt(i - 1) == '-' && s.charAt(i - 2) == '-') {
                    lastCommentEnd = offset + i - 2;
                }
                if (i >= 1 && s.charAt(i - 1) == '?') {
                    lastInstructionEnd = offset + i - 1;
                }
                if (i >= 2 && s.charAt(i - 1) == ']' && s.charAt(i - 2) == ']') {
                    lastCdataEnd = offset + i - 2;
                }
            } else if (c == '`') {
                int run = i;
                while (i + 1 < s.length() && s.charAt(i + 1) == '`') {
                    i++;
                }
                lastRun.put(i - run + 1, offset + run);
            }
        }
    }

    /** A {@code >} after {@code at}. */
    boolean gtAfter(int at) {
        return lastGt > at;
    }

    /** A {@code -->} starting after {@code at}. */
    boolean commentEndAfter(int at) {
        return lastCommentEnd > at;
    }

    /** A {@code ?>} starting at or after {@code from}. */
    boolean instructionEndFrom(int from) {
        return lastInstructionEnd >= from;
    }

    /** A {@code ]]>} starting after {@code at}. */
    boolean cdataEndAfter(int at) {
        return lastCdataEnd > at;
    }

    /** A run of exactly {@code length} backticks starting after {@code at}. */
    boolean runAfter(int length, int at) {
        return lastRun.getOrDefault(length, -1) > at;
    }

    /**
     * The input offset of the scanner's position, or -1 when its line has none (a padded table cell).
     * The scanner is left where it was.
     */
    static int offset(Scanner scanner) {
        Position at = scanner.position();
        scanner.next();
        List<SourceSpan> spans = scanner.getSource(at, scanner.position()).getSourceSpans();
        scanner.setPosition(at);
        return spans.isEmpty() ? -1 : spans.get(0).getInputIndex();
    }
}
