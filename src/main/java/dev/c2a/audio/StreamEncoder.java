package dev.c2a.audio;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.pcm.Wav;
import dev.c2a.process.Nice;
import dev.c2a.process.StderrTail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes PCM to a client as a {@link StreamFormat} while it is being spoken: WAV directly (its
 * header says "size unknown", as streamed WAV does), the rest through an ffmpeg whose output is
 * copied to the client as it comes.
 */
public abstract sealed class StreamEncoder implements AutoCloseable {

    public static StreamEncoder open(StreamFormat format, PcmFormat pcm, Encoder encoder, OutputStream out)
            throws IOException {
        return format == StreamFormat.WAV ? new WavStream(pcm, out) : new FfmpegStream(format, pcm, encoder, out);
    }

    public abstract void write(byte[] pcm) throws IOException;

    /** Ends the stream: everything encoded is written and flushed. */
    public abstract void finish() throws IOException, InterruptedException;

    /** Stops at once (the client went away, or speaking failed). */
    @Override
    public abstract void close();

    private static final class WavStream extends StreamEncoder {
        private final OutputStream out;

        WavStream(PcmFormat format, OutputStream out) throws IOException {
            this.out = out;
            // 0xFFFFFFFF sizes: the length is not known while streaming; readers take the data to its end
            byte[] header = Wav.header(format, 0xFFFFFFFFL - 36);
            out.write(header);
        }

        @Override
        public void write(byte[] pcm) throws IOException {
            out.write(pcm);
            out.flush();
        }

        @Override
        public void finish() throws IOException {
            out.flush();
        }

        @Override
        public void close() {
        }
    }

    private static final class FfmpegStream extends StreamEncoder {
        private final Process process;
        private final OutputStream stdin;
        private final Thread copier;
        private final StderrTail stderr;
        private volatile IOException copyFailure;

        FfmpegStream(StreamFormat format, PcmFormat pcm, Encoder encoder, OutputStream out) throws IOException {
            List<String> c = new ArrayList<>(Nice.PREFIX);
            c.addAll(List.of(encoder.program(), "-hide_banner", "-loglevel", "error", "-f", "s16le",
                    "-ar", String.valueOf(pcm.sampleRate()), "-ac", String.valueOf(pcm.channels()), "-i", "pipe:0"));
            c.addAll(format.ffmpegOutput(pcm.sampleRate()));
            process = Ffmpeg.startPiped(c);
            stdin = process.getOutputStream();
            stderr = new StderrTail(process.getErrorStream());
            // a platform thread: a pipe read pins a virtual thread's carrier (see StderrTail)
            copier = Thread.ofPlatform().daemon().name("c2a-stream-copier").start(() -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream encoded = process.getInputStream()) {
                    for (int n = encoded.read(buffer); n >= 0; n = encoded.read(buffer)) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    copyFailure = e;
                    process.destroyForcibly();
                }
            });
        }

        @Override
        public void write(byte[] pcm) throws IOException {
            if (copyFailure != null) {
                throw copyFailure;
            }
            stdin.write(pcm);
            stdin.flush();
        }

        @Override
        public void finish() throws IOException, InterruptedException {
            stdin.close();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("ffmpeg did not finish the stream");
            }
            copier.join();
            if (copyFailure != null) {
                throw copyFailure;
            }
            if (process.exitValue() != 0) {
                throw new IOException("ffmpeg failed (exit " + process.exitValue() + "): " + stderr.textAtEnd());
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
