package dev.c2a.audio;

import dev.c2a.pcm.PcmFormat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** WAV without an encoder: PCM streamed into the file (chapters are kept in the captions only). */
public final class WavSink implements PcmSink {
    private final Path path;
    private WavFileWriter wav;
    private OutputStream pcm;

    public WavSink(Path path) {
        this.path = path;
    }

    @Override
    public void open(PcmFormat format) throws IOException {
        wav = new WavFileWriter(path);
        wav.accept(format);
        pcm = wav.pcm();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        pcm.write(bytes, offset, length);
    }

    @Override
    public void finish(List<ChapterMark> chapters) throws IOException {
        wav.close();
    }

    @Override
    public void abort() {
        try {
            if (wav != null) {
                wav.close();
            }
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // the caller deletes the job's temporary files too
        }
    }
}
