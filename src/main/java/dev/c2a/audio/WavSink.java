package dev.c2a.audio;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.pcm.Wav;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * WAV without an encoder: PCM streamed into a file (chapters are kept in the captions only), or to a
 * client as it is made, under a header that says "size unknown", as streamed WAV does.
 */
final class WavSink implements PcmSink {
    /** The file written; null for a stream to {@link #client}. */
    private final Path path;
    private final OutputStream client;
    private WavFileWriter wav;
    private OutputStream pcm;

    private WavSink(Path path, OutputStream client) {
        this.path = path;
        this.client = client;
    }

    static WavSink toFile(Path path) {
        return new WavSink(path, null);
    }

    static WavSink toClient(OutputStream client) {
        return new WavSink(null, client);
    }

    @Override
    public void open(PcmFormat format) throws IOException {
        if (path == null) {
            // 0xFFFFFFFF sizes: the length is not known while streaming; readers take the data to its end
            client.write(Wav.header(format, 0xFFFF_FFFFL - 36));
            pcm = client;
            return;
        }
        wav = new WavFileWriter(path);
        wav.accept(format);
        pcm = wav.pcm();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        pcm.write(bytes, offset, length);
        if (client != null) {
            client.flush();
        }
    }

    @Override
    public void finish(List<ChapterMark> chapters) throws IOException {
        if (wav != null) {
            wav.close();
        } else {
            client.flush();
        }
    }

    @Override
    public void abort() {
        if (path == null) {
            return;
        }
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
