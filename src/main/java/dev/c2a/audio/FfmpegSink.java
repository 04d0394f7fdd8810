package dev.c2a.audio;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.process.StderrTail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Encodes with ffmpeg as the PCM arrives: samples go to ffmpeg's stdin, so no second copy of the
 * audio is held in memory. Into a file (a job's), or to a client as it is encoded (synchronous
 * speech). A file's chapter marks are known only at the end, so they (and the cover, see
 * {@link Ffmpeg#encode}) are added by a second ffmpeg run that copies the encoded streams.
 */
final class FfmpegSink implements PcmSink {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FfmpegSink.class);
    private static final long FINISH_TIMEOUT_MINUTES = 30;
    /** Audio queued ahead of the encoder: about 3 minutes of 22 kHz speech. */
    private static final int BUFFER_BYTES = 8 << 20;

    /** The file written; null for a stream to {@link #client}. */
    private final Path path;
    private final OutputStream client;
    private final Encoding encoding;
    private final String program;
    private Process process;
    private PipeWriter stdin;
    private StderrTail stderr;
    private Thread copier;
    private volatile IOException copyFailure;
    private Path cover;

    private FfmpegSink(Path path, OutputStream client, Encoding encoding, Encoder encoder) {
        this.path = path;
        this.client = client;
        this.encoding = encoding;
        this.program = encoder.program();
    }

    /** Encodes into the file at {@code path}. */
    static FfmpegSink toFile(Path path, Encoding encoding, Encoder encoder) {
        return new FfmpegSink(path, null, encoding, encoder);
    }

    /** Encodes to {@code client}, each piece as ffmpeg makes it (the format must be one streamed). */
    static FfmpegSink toClient(OutputStream client, Encoding encoding, Encoder encoder) {
        if (encoding.format().speechName() == null) {
            throw new IllegalArgumentException(encoding.format() + " cannot be streamed");
        }
        return new FfmpegSink(null, client, encoding, encoder);
    }

    @Override
    public void open(PcmFormat format) throws IOException {
        String output = path == null ? "pipe:1" : path.toString();
        List<String> command = Ffmpeg.encode(program, format, encoding, output);
        process = path == null ? Ffmpeg.startPiped(command) : Ffmpeg.start(command);
        // unbuffered: a stream's audio must reach ffmpeg when written; PipeWriter's chunks are whole sentences
        stdin = new PipeWriter(process.getOutputStream(), BUFFER_BYTES,
                "c2a-encode-" + (path == null ? "stream" : path.getFileName()));
        stderr = new StderrTail(process.getErrorStream());
        if (client != null) {
            // a platform thread: a pipe read pins a virtual thread's carrier (see StderrTail)
            copier = Thread.ofPlatform().daemon().name("c2a-stream-copier").start(this::copyToClient);
        }
    }

    private void copyToClient() {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream encoded = process.getInputStream()) {
            for (int n = encoded.read(buffer); n >= 0; n = encoded.read(buffer)) {
                client.write(buffer, 0, n);
                client.flush();
            }
        } catch (IOException e) {
            copyFailure = e;
            process.destroyForcibly();
        }
    }

    @Override
    public void write(byte[] pcm, int offset, int length) throws IOException {
        clientStillReads();
        try {
            stdin.write(pcm, offset, length);
        } catch (IOException e) {
            clientStillReads();
            throw failed("ffmpeg stopped reading audio");
        }
    }

    /** A client that went away stops the encode; that is its own failure, not ffmpeg's. */
    private void clientStillReads() throws IOException {
        if (copyFailure != null) {
            throw copyFailure;
        }
    }

    @Override
    public void finish(List<ChapterMark> chapters) throws IOException, InterruptedException {
        try {
            stdin.close();
        } catch (IOException e) {
            clientStillReads();
            throw failed("ffmpeg stopped reading audio");
        }
        if (!process.waitFor(FINISH_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("ffmpeg did not finish encoding within " + FINISH_TIMEOUT_MINUTES + " minutes");
        }
        if (copier != null) {
            copier.join();
            clientStillReads();
        }
        if (process.exitValue() != 0) {
            throw failed("ffmpeg failed (exit " + process.exitValue() + ")");
        }
        if (path == null) {
            return;
        }
        boolean marks = !chapters.isEmpty() && encoding.format().chapters();
        Encoding.Tags tags = encoding.tags();
        String demuxer = tags.cover() == null ? null : CoverImage.demuxer(tags.cover()).orElse(null);
        if (tags.cover() != null && demuxer == null) {
            LOG.info("the cover is neither a JPEG nor a PNG picture by its bytes; it is left out");
        }
        boolean picture = demuxer != null && encoding.format().cover();
        if (!marks && !picture) {
            return;
        }
        Path metadata = sibling(".chapters.txt");
        Path marked = sibling(".marked");
        try {
            if (marks) {
                Files.writeString(metadata, Ffmpeg.chapterMetadata(chapters));
            }
            if (picture) {
                cover = sibling(".cover");
                Files.write(cover, tags.cover());
            }
            Ffmpeg.addChaptersAndCover(program, path, marks ? metadata : null,
                    picture ? new Ffmpeg.Cover(cover, demuxer) : null, encoding.format(), marked);
            Files.move(marked, path, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(metadata);
            Files.deleteIfExists(marked);
            deleteCover();
        }
    }

    @Override
    public void abort() {
        if (process != null) {
            stdin.abort();
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteCover();
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // the caller deletes the job's temporary files too
        }
    }

    private IOException failed(String what) {
        process.destroyForcibly();
        LOG.warn("{}: {}", what, stderr.textAtEnd());
        return new IOException(what + "; its output is in the service log");
    }

    private Path sibling(String suffix) {
        return path.resolveSibling(path.getFileName() + suffix);
    }

    private void deleteCover() {
        try {
            if (cover != null) {
                Files.deleteIfExists(cover);
            }
        } catch (IOException ignored) {
            // a leftover cover file is removed with the job's other temporary files
        }
    }
}
