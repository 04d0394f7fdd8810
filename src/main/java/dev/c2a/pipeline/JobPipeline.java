package dev.c2a.pipeline;

import dev.c2a.audio.AudioStore;
import dev.c2a.audio.Encoder;
import dev.c2a.audio.Encoding;
import dev.c2a.content.Content;
import dev.c2a.content.ContentReaders;
import dev.c2a.content.Document;
import dev.c2a.content.ReadingPolicy;
import dev.c2a.job.AudioFormat;
import dev.c2a.job.JobOptions;
import dev.c2a.job.JobResult;
import dev.c2a.job.JobSpec;
import dev.c2a.job.Progress;
import dev.c2a.queue.Lease;
import dev.c2a.speech.CancelSignal;
import dev.c2a.speech.EngineSet;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.Voice;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;

/**
 * One job's way from content to stored audio: read → plan (sentences, script runs, normalisation)
 * → speak each sentence (or take it from a checkpoint) → level → lay it out in time → sink (the
 * job's staged files: encode, captions) → publish. {@link SpeechStream} takes the same way with a
 * client's stream as the sink ({@link #layOut}). Memory stays flat: sentences are planned lazily
 * and PCM streams to the file or the encoder one sentence at a time.
 */
public final class JobPipeline implements JobRunner {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobPipeline.class);
    /** Jobs with at least this many sentences checkpoint each one; shorter jobs are cheaper to redo. */
    static final int CHECKPOINT_MIN_SENTENCES = 24;

    /** The engines; each one's concurrency limit is kept there, per engine. */
    private final EngineSet engine;
    private final AudioStore store;
    private final Checkpoints checkpoints;
    private final Paragraphs paragraphs;
    private final ContentReaders readers;
    private final Planner planner;
    private final Encoder encoder;
    private final AudioBudget budget;

    public JobPipeline(EngineSet engine, AudioStore store, Checkpoints checkpoints, ContentReaders readers,
                       Planner planner, Encoder encoder, Duration callDeadline, AudioBudget budget) {
        this.budget = budget;
        this.engine = engine;
        this.store = store;
        this.checkpoints = checkpoints;
        this.paragraphs = new Paragraphs(engine, callDeadline);
        this.readers = readers;
        this.planner = planner;
        this.encoder = encoder;
    }

    /** Hears what the pipeline is doing: its stage and how many segments are spoken. */
    public interface Listener {
        void stage(String stage, Progress progress);

        /** Every sentence is spoken: what is left (encoding, storing) needs no engine. */
        default void spoken() {
        }
    }

    /** The job stopped between segments because its {@link CancelSignal} fired. */
    public static final class StoppedException extends Exception {
        public StoppedException(String reason) {
            super(reason);
        }
    }

    /**
     * Reads and plans without speaking: what a dry run shows, and what a run will say.
     *
     * @throws dev.c2a.content.ContentException when the content cannot be read, has nothing to say,
     *                                          or its pauses alone would outgrow the {@link AudioBudget}
     */
    public Plan plan(JobSpec spec) throws SpeechException {
        Voice voice = voice(spec);
        Document document = readers.read(spec.contentType(), new Content(spec.text(), spec.body()),
                ReadingPolicy.of(spec.options()));
        Plan plan = planner.plan(document, voice, spec.options());
        if (plan.sentences() == 0) {
            throw dev.c2a.content.ContentException.invalid("the " + spec.contentType().mediaType()
                    + " content has no text to speak (after leaving out markup, code and navigation)");
        }
        budget.check(plan, spec.speed());
        return plan;
    }

    @Override
    public JobResult run(String jobId, long token, JobSpec spec, CancelSignal cancel, Listener listener)
            throws SpeechException, StoppedException, IOException, InterruptedException {
        listener.stage("reading", Progress.NONE);
        Plan plan = plan(spec);
        Document doc = plan.document();
        JobOptions options = spec.options();
        String chaptersMode = options.chaptersOrDefault();
        boolean chaptered = doc.chaptered() && !chaptersMode.equals("none");
        boolean filePerChapter = chaptered && chaptersMode.equals("files");
        AudioFormat format = AudioFormat.forJob(spec.format()).orElseThrow();
        Encoding encoding = new Encoding(format, options.sampleRate(), options.bitrateOrDefault(format.defaultKbps()),
                options.loudness(), new Encoding.Tags(first(options.title(), doc.title()),
                first(options.author(), doc.author()), first(options.album(), doc.title()),
                doc.cover() == null ? null : doc.cover().bytes(), doc.cover() == null ? null : doc.cover().mediaType()));
        Checkpoints.Run saved = plan.sentences() >= CHECKPOINT_MIN_SENTENCES ? checkpoints.run(jobId) : null;
        StagedFiles files = new StagedFiles(store, jobId, token, encoding, encoder, filePerChapter);
        Timeline timeline = timeline(files, encoding, plan, spec);
        boolean done = false;
        try {
            int spoken = layOut(plan, spec, cancel, saved, Paragraphs.MAX_PIECES, timeline, listener);
            listener.spoken();
            int chapters = plan.chapters().size();
            listener.stage(format == AudioFormat.WAV ? "storing" : "encoding",
                    new Progress(spoken, plan.sentences(), chapters, chapters));
            JobResult result = files.result(timeline.finish(chaptered), spoken, chaptered);
            store.publish(files.files());
            done = true;
            return result;
        } finally {
            if (!done) {
                timeline.abort();
            }
        }
    }

    /** A timeline for the plan's audio, held to the {@link AudioBudget} of its text. */
    Timeline timeline(Timeline.Output output, Encoding encoding, Plan plan, JobSpec spec) {
        return new Timeline(output, encoding, budget, plan.characters(), spec.speed());
    }

    /**
     * The one audio path after planning, for jobs and streams alike: each chapter's sentences spoken
     * (at most {@code piecesPerCall} pieces to an engine at once, see {@link Paragraphs}), brought to
     * one level and laid out on {@code timeline} with the pauses the plan and the options ask for.
     * Returns how many sentences were spoken.
     */
    int layOut(Plan plan, JobSpec spec, CancelSignal cancel, Checkpoints.Run saved, int piecesPerCall,
               Timeline timeline, Listener listener) throws SpeechException, StoppedException, IOException,
            InterruptedException {
        int spoken = 0;
        int chapter = 0;
        int chapterCount = plan.chapters().size();
        listener.stage("speaking", new Progress(0, plan.sentences(), 1, chapterCount));
        for (Plan.ChapterPlan ch : plan.chapters()) {
            timeline.chapter(ch.title());
            chapter++;
            for (List<Plan.Step> batch : Paragraphs.batches(ch.steps(), piecesPerCall)) {
                Iterator<Checkpoints.Segment> audio = paragraphs.speak(batch, spec.speed(), cancel, saved).iterator();
                for (Plan.Step step : batch) {
                    if (timeline.step(step, audio, ch.source())) {
                        spoken++;
                        listener.stage("speaking", new Progress(spoken, plan.sentences(), chapter, chapterCount));
                    }
                }
            }
            timeline.pause(spec.options().pausesOrDefault().chapter());
        }
        return spoken;
    }

    /** Removes every file of a result the ledger refused (the lease was lost meanwhile). */
    @Override
    public void discard(String jobId, long token) {
        deleteClaim(jobId, token);
    }

    /**
     * Drops a job's checkpoints once it will not run again: the ledger recorded its success, or it
     * was cancelled. A failed job keeps them, so that retrying it speaks only what is missing.
     */
    @Override
    public void forget(String jobId) {
        checkpoints.delete(jobId);
    }

    /** Removes every file a job has: its audio, captions and checkpoints (the job is being deleted). */
    public void deleteFiles(String jobId) {
        try {
            store.deleteJob(jobId);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the files of job " + jobId + " could not be removed", e);
        }
        checkpoints.delete(jobId);
    }

    /** Removes whatever a claim that expired (its worker died) had written; its checkpoints stay. */
    @Override
    public void discardPartial(Lease expired) {
        deleteClaim(expired.jobId(), expired.token());
    }

    private void deleteClaim(String jobId, long token) {
        try {
            store.deleteClaim(jobId, token);
        } catch (IOException e) {
            // why not fail: nothing points to these files; the store's garbage collection removes them later
            LOG.info("the files of job {} claim {} stay for garbage collection: {}", jobId, token, e.toString());
        }
    }

    private Voice voice(JobSpec spec) throws SpeechException {
        return engine.voice(spec.voice()).orElseThrow(() -> new SpeechException("voice '" + spec.voice()
                + "' is not offered by " + engine.name(), null, false));
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
