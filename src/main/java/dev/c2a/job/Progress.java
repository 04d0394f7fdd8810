package dev.c2a.job;

/**
 * Segments spoken out of the segments the content has, and the chapter being spoken (1-based) out
 * of its chapters (0 of 0 for content without chapters).
 */
public record Progress(int done, int total, int chapter, int chapters) {
    public static final Progress NONE = new Progress(0, 0);

    public Progress(int done, int total) {
        this(done, total, 0, 0);
    }
}
