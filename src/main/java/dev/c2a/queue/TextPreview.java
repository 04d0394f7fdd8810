package dev.c2a.queue;

import dev.c2a.job.ContentType;

/**
 * The start of a job's text that a job shown to a person carries ({@link dev.c2a.job.Job#textPreview}):
 * its first {@value #CHARS} characters, counted as code points (as SQL's {@code substr} counts them,
 * so a character outside the BMP is never cut in half); none for binary content.
 */
public final class TextPreview {
    public static final int CHARS = 200;

    private TextPreview() {
    }

    /** The preview of {@code text} (null when there is no text to show). */
    public static String of(String text, ContentType type) {
        return text == null || type.binary() ? null : start(text);
    }

    /** The first {@value #CHARS} characters of {@code text}, as a ledger keeps them beside the job. */
    public static String start(String text) {
        int end = 0;
        for (int n = 0; n < CHARS && end < text.length(); n++) {
            end += Character.charCount(text.codePointAt(end));
        }
        return text.substring(0, end);
    }
}
