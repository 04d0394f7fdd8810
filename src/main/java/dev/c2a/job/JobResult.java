package dev.c2a.job;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The audio a job produced. {@code file} is relative to the audio directory and never user input:
 * the audio file, or the M3U playlist when the job asked for one file per chapter.
 *
 * @param chapters empty when the content has no chapters of its own
 * @param captions the captions JSON of a short job; null when they are stored beside the audio, under
 *                 its name with .json
 * @param storedBytes every byte the result keeps in the store: the audio ({@code bytes}), the captions
 *                 file of a long job, a playlist; what the {@code store-max-bytes} cap counts. A
 *                 result recorded before it was counted reads as its audio's bytes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobResult(String file, double durationSeconds, long bytes, int sampleRate, String format,
                        int segments, List<ChapterResult> chapters, String captions, Long storedBytes) {

    public JobResult {
        chapters = chapters == null ? List.of() : List.copyOf(chapters);
        storedBytes = storedBytes == null ? bytes : storedBytes;
    }

    /** A chapter: title, where it starts and ends in seconds, and its own file when split into files. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChapterResult(String title, double start, double end, String file) {
    }

    /** The base of every file of the result: the job id and the claim's fencing token. */
    public String baseName() {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? file : file.substring(0, dot);
    }
}
