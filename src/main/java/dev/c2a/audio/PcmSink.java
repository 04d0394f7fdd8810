package dev.c2a.audio;

import dev.c2a.pcm.PcmFormat;

import java.io.IOException;

/**
 * Where a job's PCM goes as it is made: a WAV file, or an encoder. Opened with the format of the
 * first audio; written in order; finished once (or aborted, which removes what was written).
 */
public interface PcmSink {
    void open(PcmFormat format) throws IOException;

    void write(byte[] pcm, int offset, int length) throws IOException;

    /** Completes the file; chapter marks, when given, are written into it. */
    void finish(java.util.List<ChapterMark> chapters) throws IOException, InterruptedException;

    void abort();

    /** A chapter's title and where it starts and ends, in milliseconds from the start of the file. */
    record ChapterMark(String title, long startMillis, long endMillis) {
    }
}
