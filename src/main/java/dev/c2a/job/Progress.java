package dev.c2a.job;

/** Segments spoken out of the segments the text has. */
public record Progress(int done, int total) {
    public static final Progress NONE = new Progress(0, 0);
}
