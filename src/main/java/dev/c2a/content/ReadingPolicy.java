package dev.c2a.content;

import dev.c2a.job.JobOptions;

/**
 * What a reader does with code, tables and images, and whether headings start chapters. Built from
 * a job's options.
 *
 * @param chapterLevel headings of this level or higher start a chapter; 0 when headings do not
 */
public record ReadingPolicy(Policy code, Policy tables, Policy images, int chapterLevel) {
    /** skip: leave out; announce: say that something was left out; read: speak it. */
    public enum Policy { SKIP, ANNOUNCE, READ }

    public static ReadingPolicy of(JobOptions options) {
        String chapters = options.chaptersOrDefault();
        boolean headingChapters = chapters.equals("markers") || chapters.equals("files");
        return new ReadingPolicy(policy(options.codeOrDefault()), policy(options.tablesOrDefault()),
                policy(options.imagesOrDefault()), headingChapters ? options.chapterLevelOrDefault() : 0);
    }

    private static Policy policy(String name) {
        return Policy.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
