package dev.c2a.audio;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.process.StderrTail;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Encodes with ffmpeg as the PCM arrives: samples go to ffmpeg's stdin, so no second copy of the
 * audio is held in memory. Chapter marks are known only at the end, so they (and the cover, see
 * {@link Ffmpeg#encode}) are added by a second ffmpeg run that copies the encoded streams.
 */
public final class FfmpegSink implements PcmSink {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FfmpegSink.class);
    private static final long FINISH_TIMEOUT_MINUTES = 30;
    /** Audio queued ahead of the encoder: about 3 minutes of 22 kHz speech. */
    private static final int BUFFER_BYTES = 8 << 20;

    private final Path path;
    private final Encoding encoding;
    private final String program;
    private Process process;
    private PipeWriter stdin;
    private StderrTail stderr;
    private Path cover;

    public FfmpegSink(Path path, Encoding encoding, Encoder encoder) {
        this.path = path;
        this.encoding = encoding;
        this.program = encoder.program();
    }

    @Override
    public void open(PcmFormat format) throws IOException {
        if (format.channels() != 1) {
            throw new IOException("only mono engine output is supported, got " + format.channels() + " channels");
        }
        process = Ffmpeg.start(Ffmpeg.encode(program, format.sampleRate(), encoding, path));
        stdin = new PipeWriter(new BufferedOutputStream(process.getOutputStream(), 1 << 16), BUFFER_BYTES,
                "c2a-encode-" + path.getFileName());
        stderr = new StderrTail(process.getErrorStream());
    }

    @Override
    public void write(byte[] pcm, int offset, int length) throws IOException {
        try {
            stdin.write(pcm, offset, length);
        } catch (IOException e) {
            throw failed("ffmpeg stopped reading audio");
        }
    }

    @Override
    public void finish(List<ChapterMark> chapters) throws IOException, InterruptedException {
        try {
            stdin.close();
        } catch (IOException e) {
            throw failed("ffmpeg stopped reading audio");
        }
        if (!process.waitFor(FINISH_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("ffmpeg did not finish encoding within " + FINISH_TIMEOUT_MINUTES + " minutes");
        }
        if (process.exitValue() != 0) {
            throw failed("ffmpeg failed (exit " + process.exitValue() + ")");
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
