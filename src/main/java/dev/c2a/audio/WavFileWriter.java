package dev.c2a.audio;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.pcm.Wav;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams PCM into a WAV file: a placeholder header first, samples as they come, the real sizes
 * patched in at the end. Nothing but a write buffer is held in memory, whatever the length.
 */
public final class WavFileWriter implements AutoCloseable {
    private static final long MAX_DATA = 0xFFFF_FFFFL - 36;

    private final Path path;
    private final OutputStream out;
    private PcmFormat format;
    private long dataBytes;
    private boolean closed;

    public WavFileWriter(Path path) throws IOException {
        this.path = path;
        this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        out.write(new byte[Wav.HEADER_BYTES]);
    }

    /** The stream an engine writes one call's PCM to; checks the format matches earlier calls. */
    public OutputStream pcm() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (dataBytes + len > MAX_DATA) {
                    throw new IOException("audio over 4 GiB does not fit in one WAV file");
                }
                out.write(b, off, len);
                dataBytes += len;
            }
        };
    }

    public void accept(PcmFormat callFormat) throws IOException {
        if (format == null) {
            format = callFormat;
        } else if (!format.equals(callFormat)) {
            throw new IOException("engine changed audio format mid-job: " + format + " then " + callFormat);
        }
    }

    public PcmFormat format() {
        return format;
    }

    public long dataBytes() {
        return dataBytes;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        out.close();
        if (format != null) {
            try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
                f.write(Wav.header(format, dataBytes));
            }
        }
    }
}
