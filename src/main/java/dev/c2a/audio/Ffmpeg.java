package dev.c2a.audio;

import dev.c2a.job.AudioFormat;
import dev.c2a.pcm.PcmFormat;
import dev.c2a.process.Nice;
import dev.c2a.process.StderrTail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ffmpeg command lines c2a uses. Every run is bit-exact (no encoder version or creation time
 * in the file), so the same PCM always gives the same bytes: a resumed job's file equals an
 * uninterrupted run's.
 */
final class Ffmpeg {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Ffmpeg.class);
    private static final long REMUX_TIMEOUT_MINUTES = 30;

    private Ffmpeg() {
    }

    /**
     * Reads raw PCM on stdin and encodes it into {@code output}: a file's path, or {@code pipe:1} for
     * a stream to a client (every format {@link AudioFormat#speechName streamed} is written front to
     * back, so ffmpeg never seeks in it). One input only: with a second (the cover) ffmpeg 5 reads
     * its inputs on threads that hand every 40 ms packet across a queue of 8, and the same encode
     * measured 3.5× slower in wall time (31 s against 9 s); the cover is added after.
     */
    static List<String> encode(String program, PcmFormat input, Encoding e, String output) {
        List<String> c = base(program);
        c.addAll(List.of("-protocol_whitelist", "pipe", "-f", "s16le", "-ar", String.valueOf(input.sampleRate()),
                "-ac", String.valueOf(input.channels()), "-i", "pipe:0"));
        if (e.loudness() != null) {
            c.addAll(List.of("-af", "loudnorm=I=" + e.loudness() + ":TP=-1.5:LRA=11"));
        }
        c.addAll(List.of("-ar", String.valueOf(e.outputRate(input.sampleRate())), "-c:a", codec(e.format())));
        c.addAll(speedOptions(e.format()));
        if (e.format().lossy()) {
            c.addAll(List.of("-b:a", e.kbps() + "k"));
        }
        tags(c, e.tags());
        c.addAll(muxer(e.format()));
        c.add(output);
        return c;
    }

    /**
     * Copies {@code in} to {@code out} adding the chapters of an ffmetadata file and a cover picture,
     * either of which may be null; the audio is not re-encoded.
     */
    static void addChaptersAndCover(String program, Path in, Path chapters, Cover cover, AudioFormat format,
                                    Path out) throws IOException, InterruptedException {
        List<String> c = base(program);
        input(c, null, in);
        List<String> maps = new ArrayList<>(List.of("-map", "0:a", "-map_metadata", "0"));
        int next = 1;
        if (chapters != null) {
            input(c, "ffmetadata", chapters);
            maps.addAll(List.of("-map_chapters", String.valueOf(next++)));
        }
        if (cover != null) {
            input(c, cover.demuxer(), cover.file());
            maps.addAll(List.of("-map", next + ":v", "-disposition:v", "attached_pic"));
        }
        c.addAll(maps);
        c.addAll(List.of("-c", "copy"));
        c.addAll(muxer(format));
        c.add(out.toString());
        run(c);
    }

    /** A cover picture c2a wrote, and the image demuxer its bytes call for. */
    record Cover(Path file, String demuxer) {
    }

    /**
     * One input read only as what c2a wrote it as. why: left to probe, ffmpeg opens a "picture"
     * that is really a playlist or another container as such, and reads the files it names; a
     * forced demuxer and local files only keep an uploaded book from reading the server's files.
     */
    private static void input(List<String> c, String demuxer, Path file) {
        c.addAll(List.of("-protocol_whitelist", "file,pipe"));
        if (demuxer != null) {
            c.addAll(List.of("-f", demuxer));
        }
        c.addAll(List.of("-i", file.toString()));
    }

    /** An ffmetadata file with the chapters; times in milliseconds. */
    static String chapterMetadata(List<PcmSink.ChapterMark> chapters) {
        StringBuilder s = new StringBuilder(";FFMETADATA1\n");
        for (PcmSink.ChapterMark ch : chapters) {
            s.append("[CHAPTER]\nTIMEBASE=1/1000\nSTART=").append(ch.startMillis()).append("\nEND=")
                    .append(ch.endMillis()).append("\ntitle=").append(escape(ch.title())).append('\n');
        }
        return s.toString();
    }

    private static List<String> base(String program) {
        List<String> c = new ArrayList<>(Nice.PREFIX);
        c.addAll(List.of(program, "-hide_banner", "-loglevel", "error", "-y"));
        return c;
    }

    private static String codec(AudioFormat f) {
        return switch (f) {
            case WAV, PCM -> "pcm_s16le";
            case MP3 -> "libmp3lame";
            case OGG -> "libopus";
            case M4A, M4B, AAC -> "aac";
            case FLAC -> "flac";
        };
    }

    /**
     * Encoder settings chosen for speed. why: espeak-ng speaks ~900x faster than real time, so an
     * encoder at its default effort takes longer than the speech (measured on 1.8 h of speech: LAME
     * 17.7 s → 8.5 s at level 7, ffmpeg's AAC 122 s → 21 s with the fast coder, Opus 73 s → 18 s at
     * level 5). For mono speech at these bitrates the difference is not audible.
     */
    private static List<String> speedOptions(AudioFormat f) {
        return switch (f) {
            case MP3 -> List.of("-compression_level", "7");
            case OGG -> List.of("-compression_level", "5");
            case M4A, M4B, AAC -> List.of("-aac_coder", "fast");
            case WAV, FLAC, PCM -> List.of();
        };
    }

    private static String muxerName(AudioFormat f) {
        return switch (f) {
            case M4A, M4B -> "mp4";
            // AAC as a stream of ADTS frames: playable from any point, no index to write at the end
            case AAC -> "adts";
            case PCM -> "s16le";
            default -> f.extension();
        };
    }

    private static List<String> muxer(AudioFormat f) {
        List<String> c = new ArrayList<>(List.of("-fflags", "+bitexact", "-flags", "+bitexact", "-f", muxerName(f)));
        if (f == AudioFormat.MP3) {
            c.addAll(List.of("-id3v2_version", "3"));
        }
        return c;
    }

    private static void tags(List<String> c, Encoding.Tags t) {
        if (t.title() != null) {
            c.addAll(List.of("-metadata", "title=" + t.title()));
        }
        if (t.artist() != null) {
            c.addAll(List.of("-metadata", "artist=" + t.artist(), "-metadata", "album_artist=" + t.artist()));
        }
        if (t.album() != null) {
            c.addAll(List.of("-metadata", "album=" + t.album()));
        }
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("=", "\\=").replace(";", "\\;").replace("#", "\\#")
                .replace("\n", " ");
    }

    static void run(List<String> command) throws IOException, InterruptedException {
        Process p = start(command);
        try {
            p.getOutputStream().close();
            StderrTail err = new StderrTail(p.getErrorStream());
            if (!p.waitFor(REMUX_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new IOException("ffmpeg did not finish within " + REMUX_TIMEOUT_MINUTES + " minutes");
            }
            if (p.exitValue() != 0) {
                throw failed(p.exitValue(), err);
            }
        } finally {
            // interrupted (the job was stopped) or timed out: ffmpeg must not outlive its job
            p.destroyForcibly();
        }
    }

    /**
     * ffmpeg's failure, its output logged but not in the message. why: the message reaches clients
     * in the job's errors, and ffmpeg's output names server paths and can quote what it read.
     */
    static IOException failed(int exit, StderrTail stderr) {
        LOG.warn("ffmpeg failed (exit {}): {}", exit, stderr.textAtEnd());
        return new IOException("ffmpeg failed (exit " + exit + "); its output is in the service log");
    }

    static Process start(List<String> command) throws IOException {
        return start(command, ProcessBuilder.Redirect.DISCARD);
    }

    /** Started with its stdout readable: an encode to {@code pipe:1}. */
    static Process startPiped(List<String> command) throws IOException {
        return start(command, ProcessBuilder.Redirect.PIPE);
    }

    private static Process start(List<String> command, ProcessBuilder.Redirect output) throws IOException {
        try {
            return new ProcessBuilder(command).redirectOutput(output).start();
        } catch (IOException e) {
            throw new IOException("ffmpeg could not be started (" + e.getMessage() + "); install it (Debian: apt-get"
                    + " install ffmpeg) or set the ffmpeg setting to its path", e);
        }
    }
}
