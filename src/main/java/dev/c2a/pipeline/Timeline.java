package dev.c2a.pipeline;

import dev.c2a.audio.Encoding;
import dev.c2a.audio.PcmSink;
import dev.c2a.captions.Cue;
import dev.c2a.job.JobResult;
import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.Utterance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Lays speech out in time, the same for a job's files and a client's stream: speech and silences in
 * order, the short gap between a sentence's script runs, chapter marks and caption cues at the
 * positions the audio really has. Silence between sentences is held back until more speech follows,
 * so no file or stream ends or starts with a long pause. Positions count samples of the first
 * speech's format (mono: {@link Paragraphs} makes every segment so); a chapter starts where its
 * first speech does. Where the audio goes is the {@link Output}'s business.
 */
final class Timeline {
    /** A sentence mixing scripts: the gap between its runs. */
    static final int RUN_GAP_MILLIS = 60;

    private final Output output;
    private final Encoding encoding;
    private final AudioBudget budget;
    private final long characters;
    private final double speed;
    private final List<JobResult.ChapterResult> chapters = new ArrayList<>();
    private final List<PcmSink.ChapterMark> marks = new ArrayList<>();
    private PcmFormat format;
    private Track track;
    private long position;
    private long fileStart;
    private int pendingSilenceMillis;
    private String chapterTitle;
    private boolean chapterStarted;
    private long chapterStart = -1;
    private int chapterIndex;
    private int cues;

    /** Where the laid-out audio and its captions go: a job's staged files, or one stream to a client. */
    interface Output {
        /** Whether each chapter's audio is a file of its own. */
        boolean filePerChapter();

        /** Where the audio from here on is written: the first speech's, or (a file per chapter) chapter {@code chapter}'s. */
        Track open(int chapter) throws IOException;

        void cue(Cue cue) throws IOException;

        /** Removes whatever was written (the timeline has aborted its open sink). */
        void abort();
    }

    /** A sink and the name of the file it writes (null for a stream). */
    record Track(String file, PcmSink sink) {
    }

    /** What was laid out: the audio's format, its length in samples, and its chapters. */
    record Layout(PcmFormat format, long samples, List<JobResult.ChapterResult> chapters) {
        double seconds() {
            return Math.round(samples * 1000.0 / format.sampleRate()) / 1000.0;
        }
    }

    Timeline(Output output, Encoding encoding, AudioBudget budget, long characters, double speed) {
        this.output = output;
        this.encoding = encoding;
        this.budget = budget;
        this.characters = characters;
        this.speed = speed;
    }

    /** The next chapter begins; {@code title} is null for content without chapters. */
    void chapter(String title) throws IOException, InterruptedException {
        closeChapter();
        chapterTitle = title;
        chapterStarted = true;
        chapterIndex++;
        if (output.filePerChapter() && track != null) {
            finishTrack(List.of());
            pendingSilenceMillis = 0;
        }
    }

    /** Silence of at least this length before the next speech (never at the end). */
    void pause(int millis) {
        pendingSilenceMillis = Math.max(pendingSilenceMillis, millis);
    }

    /**
     * One step of a plan: a sentence's pieces taken from {@code audio} and laid out with the gap
     * between its script runs, its caption cue, then the pause after it; or a pause alone. Returns
     * whether a sentence was spoken.
     */
    boolean step(Plan.Step step, Iterator<Checkpoints.Segment> audio, String source) throws IOException {
        boolean spoke = !step.pause();
        if (spoke) {
            long start = -1;
            List<Cue.Word> words = new ArrayList<>();
            for (Plan.Piece piece : step.pieces()) {
                Checkpoints.Segment segment = audio.next();
                if (start >= 0) {
                    pause(RUN_GAP_MILLIS);
                }
                long at = speech(segment.format(), segment.pcm());
                start = start < 0 ? at : start;
                for (Utterance.Word w : segment.words()) {
                    words.add(word(piece, w, millis(at)));
                }
            }
            cue(start, step.text(), source, step.sourceStart(), step.sourceEnd(), words);
        }
        pause(step.pauseAfterMillis());
        return spoke;
    }

    /** Speech that belongs to the sentence being spoken; returns where it started, in samples. */
    long speech(PcmFormat pcmFormat, byte[] pcm) throws IOException {
        if (format == null) {
            format = pcmFormat;
        } else if (format.sampleRate() != pcmFormat.sampleRate()) {
            // a sentence from an engine with another rate (flite's 16 kHz in an espeak-ng job)
            pcm = Resampler.resample(pcm, pcmFormat.sampleRate(), format.sampleRate());
        }
        if (track == null) {
            track = output.open(chapterIndex);
            track.sink().open(format);
            fileStart = position;
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
        track.sink().write(pcm, 0, pcm.length);
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
        output.cue(new Cue(++cues, millis(startSample), end, text, chapterIndex - 1, source, sourceStart, sourceEnd,
                timed));
    }

    /** Whether any speech has been laid out. */
    boolean spoke() {
        return format != null;
    }

    /**
     * Finishes the open sink (its chapter marks written into it when {@code chaptered} and the
     * audio is one file) and returns what was laid out.
     *
     * @throws IOException when there was nothing to lay out
     */
    Layout finish(boolean chaptered) throws IOException, InterruptedException {
        closeChapter();
        if (format == null) {
            throw new IOException("the content has nothing to speak");
        }
        if (!output.filePerChapter()) {
            joinChapters();
        }
        if (track != null) {
            finishTrack(chaptered && !output.filePerChapter() ? marks : List.of());
        }
        return new Layout(format, position, chaptered ? List.copyOf(chapters) : List.of());
    }

    void abort() {
        if (track != null) {
            track.sink().abort();
        }
        output.abort();
    }

    private void finishTrack(List<PcmSink.ChapterMark> chapterMarks) throws IOException, InterruptedException {
        track.sink().finish(chapterMarks);
        track = null;
    }

    /** Refuses to lay out {@code samples} more when the audio would outgrow its budget. */
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
            track.sink().write(zeros, 0, n);
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
                output.filePerChapter() ? track.file() : null));
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

    /** Where in the audio, in milliseconds, sample {@code samples} is. */
    long millis(long samples) {
        return format == null ? 0 : samples * 1000 / format.sampleRate();
    }

    /** A word the engine reported, placed in the audio and traced back to where it was written. */
    private static Cue.Word word(Plan.Piece piece, Utterance.Word w, long segmentMillis) {
        int[] text = piece.textRange(w.start(), w.end());
        int[] source = piece.sourceRange(w.start(), w.end());
        return new Cue.Word(segmentMillis + w.millis(), -1, piece.text().substring(w.start(), w.end()), text[0],
                text[1], source[0], source[1]);
    }
}
