package dev.c2a.pipeline;

import dev.c2a.audio.AudioStore;
import dev.c2a.audio.WavFileWriter;
import dev.c2a.job.JobResult;
import dev.c2a.job.JobSpec;
import dev.c2a.job.Progress;
import dev.c2a.queue.Lease;
import dev.c2a.speech.CancelSignal;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * One job's way from text to a stored WAV: segment → speak (sentences in batches, one engine call
 * each) → stream into the file → rename into place. Memory stays flat: sentences are found lazily
 * and PCM goes straight to disk.
 */
public final class JobPipeline {
    private static final String FORMAT = "wav";
    private final SpeechEngine engine;
    private final AudioStore store;
    private final Semaphore enginePermits;
    private final int batchChars;
    private final Duration callDeadline;
    private final ConcurrentHashMap<String, Segmenter> segmenters = new ConcurrentHashMap<>();

    public JobPipeline(SpeechEngine engine, AudioStore store, int batchChars, Duration callDeadline) {
        this.engine = engine;
        this.store = store;
        this.enginePermits = new Semaphore(engine.concurrencyLimit(), true);
        this.batchChars = batchChars;
        this.callDeadline = callDeadline;
    }

    /** Hears what the pipeline is doing: its stage and how many segments are spoken. */
    public interface Listener {
        void stage(String stage, Progress progress);
    }

    /** The job stopped between segments because its {@link CancelSignal} fired. */
    public static final class StoppedException extends Exception {
        public StoppedException(String reason) {
            super(reason);
        }
    }

    public JobResult run(String jobId, long token, JobSpec spec, CancelSignal cancel, Listener listener)
            throws SpeechException, StoppedException, IOException, InterruptedException {
        Voice voice = engine.voice(spec.voice())
                .orElseThrow(() -> new SpeechException("voice '" + spec.voice() + "' is not offered by "
                        + engine.name(), null, false));
        String fileName = store.fileName(jobId, token, FORMAT);
        boolean done = false;
        try (WavFileWriter wav = new WavFileWriter(store.temporary(fileName))) {
            int segments = spec.ssml() ? speakSsml(spec, voice, cancel, wav, listener)
                    : speakSentences(spec, voice, cancel, wav, listener);
            wav.close();
            store.commit(fileName);
            done = true;
            double seconds = (double) wav.dataBytes() / wav.format().bytesPerSecond();
            return new JobResult(fileName, Math.round(seconds * 1000) / 1000.0,
                    Files.size(store.find(fileName).orElseThrow()), wav.format().sampleRate(), FORMAT, segments);
        } finally {
            if (!done) {
                store.deleteQuietly(fileName);
            }
        }
    }

    /** Removes the audio of a result the ledger refused (the lease was lost meanwhile). */
    public void discard(JobResult result) {
        store.deleteQuietly(result.file());
    }

    /** Removes whatever a claim that expired (its worker died) had written. */
    public void discardPartial(Lease expired) {
        store.deleteQuietly(store.fileName(expired.jobId(), expired.token(), FORMAT));
    }

    private int speakSentences(JobSpec spec, Voice voice, CancelSignal cancel, WavFileWriter wav, Listener listener)
            throws SpeechException, StoppedException, IOException, InterruptedException {
        String text = spec.text();
        Segmenter segmenter = segmenters.computeIfAbsent(voice.language(), Segmenter::new);
        listener.stage("segmenting", Progress.NONE);
        int total = segmenter.count(text);
        int done = 0;
        int batchStart = -1;
        int batchEnd = 0;
        int inBatch = 0;
        listener.stage("speaking", new Progress(0, total));
        for (Segmenter.Sentence s : segmenter.sentences(text)) {
            if (batchStart >= 0 && s.end() - batchStart > batchChars) {
                speak(text.substring(batchStart, batchEnd), voice, spec, false, cancel, wav);
                done += inBatch;
                listener.stage("speaking", new Progress(done, total));
                batchStart = -1;
                inBatch = 0;
            }
            if (batchStart < 0) {
                batchStart = s.start();
            }
            batchEnd = s.end();
            inBatch++;
        }
        if (batchStart >= 0) {
            speak(text.substring(batchStart, batchEnd), voice, spec, false, cancel, wav);
            done += inBatch;
        }
        listener.stage("storing", new Progress(done, total));
        return total;
    }

    private int speakSsml(JobSpec spec, Voice voice, CancelSignal cancel, WavFileWriter wav, Listener listener)
            throws SpeechException, StoppedException, IOException, InterruptedException {
        listener.stage("speaking", new Progress(0, 1));
        speak(spec.text(), voice, spec, true, cancel, wav);
        listener.stage("storing", new Progress(1, 1));
        return 1;
    }

    private void speak(String text, Voice voice, JobSpec spec, boolean ssml, CancelSignal cancel, WavFileWriter wav)
            throws SpeechException, StoppedException, IOException, InterruptedException {
        if (cancel.fired()) {
            throw new StoppedException(cancel.reason());
        }
        enginePermits.acquire();
        try {
            wav.accept(engine.synthesize(new SpeechRequest(text, voice, spec.speed(), ssml, callDeadline, cancel),
                    wav.pcm()));
        } catch (SpeechException e) {
            if (cancel.fired()) {
                throw new StoppedException(cancel.reason());
            }
            throw e;
        } finally {
            enginePermits.release();
        }
    }
}
