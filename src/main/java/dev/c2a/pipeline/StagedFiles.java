package dev.c2a.pipeline;

import dev.c2a.audio.AudioStore;
import dev.c2a.audio.Encoder;
import dev.c2a.audio.Encoding;
import dev.c2a.audio.PcmSink;
import dev.c2a.captions.CaptionWriter;
import dev.c2a.captions.Cue;
import dev.c2a.job.JobResult;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's sink: the audio files (one, or one per chapter with a playlist) and the captions of one
 * claim, staged in the {@link AudioStore} until the job publishes them.
 */
final class StagedFiles implements Timeline.Output {
    private final AudioStore store;
    private final String jobId;
    private final long token;
    private final Encoding encoding;
    private final Encoder encoder;
    private final boolean filePerChapter;
    private final CaptionWriter captions;
    private final List<String> written = new ArrayList<>();

    StagedFiles(AudioStore store, String jobId, long token, Encoding encoding, Encoder encoder, boolean filePerChapter)
            throws IOException {
        this.store = store;
        this.jobId = jobId;
        this.token = token;
        this.encoding = encoding;
        this.encoder = encoder;
        this.filePerChapter = filePerChapter;
        this.captions = new CaptionWriter(store.temporary(name("json")));
    }

    @Override
    public boolean filePerChapter() {
        return filePerChapter;
    }

    @Override
    public Timeline.Track open(int chapter) {
        String extension = encoding.format().extension();
        String file = filePerChapter ? store.chapterFileName(jobId, token, chapter, extension) : name(extension);
        written.add(file);
        return new Timeline.Track(file, PcmSink.toFile(store.temporary(file), encoding, encoder));
    }

    @Override
    public void cue(Cue cue) throws IOException {
        captions.cue(cue);
    }

    /** Writes the captions (and the playlist of a file per chapter) for what was laid out; the result has no size yet. */
    JobResult result(Timeline.Layout layout, int segments, boolean chaptered) throws IOException {
        long durationMillis = layout.samples() * 1000 / layout.format().sampleRate();
        List<CaptionWriter.ChapterSpan> spans = new ArrayList<>();
        for (JobResult.ChapterResult c : layout.chapters()) {
            spans.add(new CaptionWriter.ChapterSpan(c.title(), Math.round(c.start() * 1000), Math.round(c.end() * 1000)));
        }
        captions.finish(spans, durationMillis);
        String inlineCaptions = captions.inline();
        if (inlineCaptions == null) {
            written.add(name("json"));
        }
        String main = filePerChapter ? playlist(layout.chapters()) : written.getFirst();
        long bytes = 0;
        long stored = 0;
        for (String f : written) {
            long size = Files.size(store.temporary(f));
            stored += size;
            if (f.endsWith("." + encoding.format().extension())) {
                bytes += size;
            }
        }
        return new JobResult(main, layout.seconds(), bytes, encoding.outputRate(layout.format().sampleRate()),
                encoding.format().extension(), segments, layout.chapters(), inlineCaptions, stored);
    }

    /** Every file written, by its final name. */
    List<String> files() {
        return written;
    }

    @Override
    public void abort() {
        captions.close();
        written.forEach(store::discardStaged);
        store.discardStaged(name("json"));
    }

    private String playlist(List<JobResult.ChapterResult> chapters) throws IOException {
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

    private String name(String extension) {
        return store.fileName(jobId, token, extension);
    }
}
