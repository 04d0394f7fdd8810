package dev.c2a.pipeline;

import dev.c2a.audio.Encoder;
import dev.c2a.audio.StreamEncoder;
import dev.c2a.audio.StreamFormat;
import dev.c2a.job.JobSpec;
import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.CancelSignal;
import dev.c2a.speech.SpeechException;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Speaks a text straight to a client, sentence by sentence as each is spoken, with no job, no
 * ledger and no files: the synchronous {@code /v1/audio/speech} and voice samples. The same plan,
 * engines, limits, trimming and level as a job; nothing is stored.
 */
public final class SpeechStream {
    private final JobPipeline pipeline;
    private final Encoder encoder;

    public SpeechStream(JobPipeline pipeline, Encoder encoder) {
        this.pipeline = pipeline;
        this.encoder = encoder;
    }

    /** Whether {@code format} can be made here (every format but WAV needs ffmpeg). */
    public boolean supports(StreamFormat format) {
        return !format.needsEncoder() || encoder.available();
    }

    /**
     * Writes the audio of {@code spec} to {@code out}. Until the first sentence is spoken nothing is
     * written, so a failure before it can still be answered with an error status.
     */
    public void speak(JobSpec spec, StreamFormat format, OutputStream out, CancelSignal cancel)
            throws SpeechException, IOException, InterruptedException, JobPipeline.StoppedException {
        Plan plan = pipeline.plan(spec);
        StreamEncoder stream = null;
        PcmFormat pcmFormat = null;
        int pendingPause = 0;
        try {
            for (Plan.ChapterPlan chapter : plan.chapters()) {
                for (Plan.Step step : chapter.steps()) {
                    for (Plan.Piece piece : step.pieces()) {
                        Checkpoints.Segment segment = pipeline.speak(piece, spec.speed(), cancel);
                        if (stream == null) {
                            pcmFormat = segment.format();
                            stream = StreamEncoder.open(format, pcmFormat, encoder, out);
                        } else if (pendingPause > 0) {
                            stream.write(new byte[pcmFormat.bytesPerSecond() * pendingPause / 1000 & ~1]);
                        }
                        pendingPause = 0;
                        stream.write(Resampler.resample(segment.pcm(), segment.format().sampleRate(),
                                pcmFormat.sampleRate()));
                    }
                    pendingPause = Math.max(pendingPause, step.pauseAfterMillis());
                }
            }
            if (stream == null) {
                throw new SpeechException("the text has nothing to speak", null, false);
            }
            stream.finish();
        } finally {
            if (stream != null) {
                stream.close();
            }
        }
    }
}
