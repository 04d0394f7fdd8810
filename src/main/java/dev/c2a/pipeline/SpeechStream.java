package dev.c2a.pipeline;

import dev.c2a.audio.Encoder;
import dev.c2a.audio.Encoding;
import dev.c2a.audio.PcmSink;
import dev.c2a.captions.Cue;
import dev.c2a.job.AudioFormat;
import dev.c2a.job.JobSpec;
import dev.c2a.speech.CancelSignal;
import dev.c2a.speech.SpeechException;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Speaks a text straight to a client, sentence by sentence as each is spoken, with no job, no
 * ledger and no files: the synchronous {@code /v1/audio/speech} and voice samples. The same plan,
 * engines, limits, level and layout ({@link Timeline}: pauses, gaps between script runs) as a job,
 * so a stream sounds and lasts exactly as the job of the same text; nothing is stored.
 */
public final class SpeechStream {
    /** One sentence per engine call: the first audio reaches the client as soon as its sentence is spoken. */
    private static final int PIECES_PER_CALL = 1;

    private final JobPipeline pipeline;
    private final Encoder encoder;

    public SpeechStream(JobPipeline pipeline, Encoder encoder) {
        this.pipeline = pipeline;
        this.encoder = encoder;
    }

    /** Whether {@code format} can be streamed from here (every format but WAV needs ffmpeg). */
    public boolean supports(AudioFormat format) {
        return format.speechName() != null && (Encoding.streamed(format).direct() || encoder.available());
    }

    /**
     * Writes the audio of {@code spec} to {@code out}. Until the first sentence is spoken nothing is
     * written, so a failure before it can still be answered with an error status.
     */
    public void speak(JobSpec spec, AudioFormat format, OutputStream out, CancelSignal cancel)
            throws SpeechException, IOException, InterruptedException, JobPipeline.StoppedException {
        Plan plan = pipeline.plan(spec);
        Encoding encoding = Encoding.streamed(format);
        Timeline timeline = pipeline.timeline(new ToClient(PcmSink.toClient(out, encoding, encoder)), encoding, plan,
                spec);
        boolean done = false;
        try {
            pipeline.layOut(plan, spec, cancel, null, PIECES_PER_CALL, timeline, (stage, progress) -> { });
            if (!timeline.spoke()) {
                throw new SpeechException("the text has nothing to speak", null, false);
            }
            timeline.finish(false);
            done = true;
        } finally {
            if (!done) {
                timeline.abort();
            }
        }
    }

    /** One stream, no captions: a client of OpenAI's API reads the audio only. */
    private record ToClient(PcmSink sink) implements Timeline.Output {
        @Override
        public boolean filePerChapter() {
            return false;
        }

        @Override
        public Timeline.Track open(int chapter) {
            return new Timeline.Track(null, sink);
        }

        @Override
        public void cue(Cue cue) {
        }

        @Override
        public void abort() {
        }
    }
}
