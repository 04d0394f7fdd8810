package dev.c2a.pipeline;

import dev.c2a.audio.AudioStore;
import dev.c2a.audio.Encoder;
import dev.c2a.audio.Encoding;
import dev.c2a.audio.FfmpegSink;
import dev.c2a.audio.PcmSink;
import dev.c2a.audio.WavSink;
import dev.c2a.captions.CaptionWriter;
import dev.c2a.captions.Cue;
import dev.c2a.job.JobResult;
import dev.c2a.pcm.PcmFormat;
import dev.c2a.pcm.Silence;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays a job's audio out in time: speech and silences in order, into one file or one per chapter,
 * with chapter marks and caption cues at the positions the audio really has. Silence between
 * sentences is held back until more speech follows, so no file ends or starts with a long pause.
 * Positions count samples of the engine's output; a chapter starts where its first speech does.
 */
final class Timeline {
    private final AudioStore store;
    private final String jobId;
    private final long token;
    private final Encoding encoding;
    private final Encoder encoder;
    private final boolean filePerChapter;
    private final AudioBudget budget;
    private final long characters;
    private final double speed;
    private final CaptionWriter captions;
    private final List<String> written = new ArrayList<>();
    private final List<JobResult.ChapterResult> chapters = new ArrayList<>();
    private final List<PcmSink.ChapterMark> marks = new ArrayList<>();
    private PcmFormat format;
    private PcmSink sink;
    private String sinkFile;
    private long position;
    private long fileStart;
    private int pendingSilenceMillis;
    private String chapterTitle;
    private boolean chapterStarted;
    private long chapterStart = -1;
    private int chapterIndex;
    private int cues;

    Timeline(AudioStore store, String jobId, long token, Encoding encoding, Encoder encoder, boolean filePerChapter,
             AudioBudget budget, long characters, double speed) throws IOException {
        this.budget = budget;
        this.characters = characters;
        this.speed = speed;
        this.store = store;
        this.jobId = jobId;
        this.token = token;
        this.encoding = encoding;
        this.encoder = encoder;
        this.filePerChapter = filePerChapter;
        this.captions = new CaptionWriter(store.temporary(name("json")));
    }

    /** The next chapter begins; {@code title} is null for content without chapters. */
    void chapter(String title) throws IOException, InterruptedException {
        closeChapter();
        chapterTitle = title;
        chapterStarted = true;
        chapterIndex++;
        if (filePerChapter && sink != null) {
            finishSink(List.of());
            pendingSilenceMillis = 0;
        }
    }

    /** Silence of at least this length before the next speech (never at the end). */
    void pause(int millis) {
        pendingSilenceMillis = Math.max(pendingSilenceMillis, millis);
    }

    /** Speech that belongs to the sentence being spoken; returns where it started, in samples. */
    long speech(PcmFormat pcmFormat, byte[] pcm) throws IOException {
        if (format == null) {
            format = pcmFormat;
        } else if (!format.equals(pcmFormat)) {
            if (pcmFormat.channels() != format.channels()) {
                throw new IOException("the engines' audio differs in channels mid-job: " + format + " then " + pcmFormat);
            }
            // a sentence from an engine with another rate (flite's 16 kHz in an espeak-ng job)
            pcm = Resampler.resample(pcm, pcmFormat.sampleRate(), format.sampleRate());
        }
        if (sink == null) {
            openSink();
        } else {
            writeSilence(pendingSilenceMillis);
        }
        pendingSilenceMillis = 0;
        if (chapterStarted) {
            chapterStart = position;
            chapterStarted = false;
        }
        long start = position;
        withinBudget(pcm.length / 2);
        sink.write(pcm, 0, pcm.length);
        position += pcm.length / 2;
        return start;
    }

    /**
     * The caption of the sentence that began at {@code startSample} and ends here, with its words
     * (their start times set; each ends where the next begins, the last where the sentence ends).
     */
    void cue(long startSample, String text, String source, int sourceStart, int sourceEnd, List<Cue.Word> words)
            throws IOException {
        long end = millis(position);
        List<Cue.Word> timed = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            Cue.Word w = words.get(i);
            long wordEnd = i + 1 < words.size() ? Math.max(w.startMillis(), words.get(i + 1).startMillis()) : end;
            timed.add(new Cue.Word(w.startMillis(), Math.min(end, wordEnd), w.spoken(), w.textStart(), w.textEnd(),
                    w.sourceStart(), w.sourceEnd()));
        }
        captions.cue(new Cue(++cues, millis(startSample), end, text, chapterIndex - 1, source, sourceStart, sourceEnd,
                timed));
    }

    /** Finishes every file; returns the result without its size (the caller commits the files). */
    JobResult finish(int segments, boolean chaptered) throws IOException, InterruptedException {
        closeChapter();
        if (format == null) {
            throw new IOException("the content has nothing to speak");
        }
        if (!filePerChapter) {
            joinChapters();
        }
        List<CaptionWriter.ChapterSpan> spans = new ArrayList<>();
        for (JobResult.ChapterResult c : chapters) {
            spans.add(new CaptionWriter.ChapterSpan(c.title(), Math.round(c.start() * 1000), Math.round(c.end() * 1000)));
        }
        captions.finish(chaptered ? spans : List.of(), millis(position));
        String inlineCaptions = captions.inline();
        if (inlineCaptions == null) {
            written.add(name("json"));
        }
        if (sink != null) {
            finishSink(chaptered && !filePerChapter ? marks : List.of());
        }
        String main = filePerChapter ? playlist() : sinkFile;
        long bytes = 0;
        long stored = 0;
        for (String f : written) {
            long size = Files.size(store.temporary(f));
            stored += size;
            if (f.endsWith("." + encoding.format().extension())) {
                bytes += size;
            }
        }
        return new JobResult(main, Math.round(position * 1000.0 / format.sampleRate()) / 1000.0, bytes,
                encoding.outputRate(format.sampleRate()), encoding.format().extension(), segments,
                chaptered ? chapters : List.of(), inlineCaptions, stored);
    }

    /** Every file written, by its final name. */
    List<String> files() {
        return written;
    }

    void abort() {
        captions.close();
        if (sink != null) {
            sink.abort();
        }
        written.forEach(store::discardStaged);
        store.discardStaged(name("json"));
    }

    private void openSink() throws IOException {
        sinkFile = filePerChapter ? store.chapterFileName(jobId, token, chapterIndex, encoding.format().extension())
                : name(encoding.format().extension());
        written.add(sinkFile);
        sink = encoding.direct() ? new WavSink(store.temporary(sinkFile))
                : new FfmpegSink(store.temporary(sinkFile), encoding, encoder);
        sink.open(format);
        fileStart = position;
    }

    private void finishSink(List<PcmSink.ChapterMark> chapterMarks) throws IOException, InterruptedException {
        sink.finish(chapterMarks);
        sink = null;
    }

    /** Refuses to lay out {@code samples} more when the job's audio would outgrow its budget. */
    private void withinBudget(long samples) {
        long total = position + samples;
        budget.checkRunning((double) total / format.sampleRate(),
                total * 2 * encoding.outputRate(format.sampleRate()) / format.sampleRate(), characters, speed);
    }

    private void writeSilence(int millis) throws IOException {
        long samples = (long) format.sampleRate() * millis / 1000;
        withinBudget(samples);
        byte[] zeros = new byte[(int) Math.min(samples * 2, 1 << 16)];
        long left = samples * 2;
        while (left > 0) {
            int n = (int) Math.min(left, zeros.length);
            sink.write(zeros, 0, n);
            left -= n;
        }
        position += samples;
    }

    private void closeChapter() {
        if (chapterIndex == 0 || chapterStart < 0) {
            return;
        }
        String title = chapterTitle == null ? "Chapter " + chapterIndex : chapterTitle;
        chapters.add(new JobResult.ChapterResult(title, millis(chapterStart) / 1000.0, millis(position) / 1000.0,
                filePerChapter ? sinkFile : null));
        marks.add(new PcmSink.ChapterMark(title, millis(chapterStart - fileStart), millis(position - fileStart)));
        chapterStart = -1;
    }

    /** In one file, a chapter lasts until the next begins: the pause between them belongs to the first. */
    private void joinChapters() {
        for (int i = 0; i + 1 < chapters.size(); i++) {
            JobResult.ChapterResult c = chapters.get(i);
            chapters.set(i, new JobResult.ChapterResult(c.title(), c.start(), chapters.get(i + 1).start(), c.file()));
            PcmSink.ChapterMark m = marks.get(i);
            marks.set(i, new PcmSink.ChapterMark(m.title(), m.startMillis(), marks.get(i + 1).startMillis()));
        }
    }

    private String playlist() throws IOException {
        String name = name("m3u");
        StringBuilder m3u = new StringBuilder("#EXTM3U\n");
        for (JobResult.ChapterResult c : chapters) {
            m3u.append("#EXTINF:").append(Math.round(c.end() - c.start())).append(',')
                    .append(c.title().replace('\n', ' ')).append('\n').append(c.file()).append('\n');
        }
        Files.writeString(store.temporary(name), m3u);
        written.add(name);
        return name;
    }

    /** Where in the audio, in milliseconds, sample {@code samples} is. */
    long millis(long samples) {
        return format == null ? 0 : samples * 1000 / format.sampleRate();
    }

    private String name(String extension) {
        return store.fileName(jobId, token, extension);
    }
}
