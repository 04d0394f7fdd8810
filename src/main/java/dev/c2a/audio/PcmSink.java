package dev.c2a.audio;

import dev.c2a.pcm.PcmFormat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Where speech's PCM goes as it is made: a job's file or a client's stream, written directly (WAV)
 * or through ffmpeg. Opened with the format of the first audio; written in order; finished once
 * (or aborted, which removes a file written).
 */
public interface PcmSink {
    /** The sink for a job's file at {@code path}. */
    static PcmSink toFile(Path path, Encoding encoding, Encoder encoder) {
        return encoding.direct() ? WavSink.toFile(path) : FfmpegSink.toFile(path, encoding, encoder);
    }

    /** The sink for speech streamed to {@code client}: nothing is written to it before {@link #open}. */
    static PcmSink toClient(OutputStream client, Encoding encoding, Encoder encoder) {
        return encoding.direct() ? WavSink.toClient(client) : FfmpegSink.toClient(client, encoding, encoder);
    }

    void open(PcmFormat format) throws IOException;

    void write(byte[] pcm, int offset, int length) throws IOException;

    /** Completes the file; chapter marks, when given, are written into it. */
    void finish(java.util.List<ChapterMark> chapters) throws IOException, InterruptedException;

    void abort();

    /** A chapter's title and where it starts and ends, in milliseconds from the start of the file. */
    record ChapterMark(String title, long startMillis, long endMillis) {
    }
}
