package dev.c2a.pipeline;

import dev.c2a.C2a;
import dev.c2a.api.JobRequest;
import dev.c2a.job.JobState;
import dev.c2a.pcm.PcmFormat;
import dev.c2a.pcm.Wav;
import dev.c2a.service.Service;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;
import dev.c2a.testing.ToneEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An engine that speaks in two channels (a remote server's stereo WAV) is mixed down to mono where
 * its audio is received: its jobs are laid out, timed and encoded as a mono engine's of the same sound.
 */
class StereoSpeechTest {
    private static final String TEXT = "A first sentence here. And a second one after it.";

    @TempDir
    Path dir;

    @Test
    void a_stereo_engine_s_job_is_the_mono_job_of_the_same_sound() throws Exception {
        byte[] mono = audio(new ToneEngine(), "mono", "wav");
        byte[] stereo = audio(new StereoTone(), "stereo", "wav");

        assertThat(Wav.readHeader(new ByteArrayInputStream(stereo))).isEqualTo(new PcmFormat(16000, 1));
        assertThat(stereo).as("the same samples, so the same length and pauses").isEqualTo(mono);
    }

    @Test
    void a_stereo_engine_s_job_is_encoded() throws Exception {
        assertThat(audio(new StereoTone(), "encoded", "flac")).startsWith('f', 'L', 'a', 'C');
    }

    private byte[] audio(SpeechEngine engine, String name, String format) throws IOException {
        try (Service service = C2a.builder().dataDir(dir.resolve(name)).workers(1).engines(engine).open()) {
            String id = service.submit(new JobRequest(TEXT, null, null, null, format, null, null, null, null)).job()
                    .id();
            await().atMost(Duration.ofSeconds(30)).until(() -> service.job(id).state().isFinal());
            assertThat(service.job(id).state()).as(String.valueOf(service.job(id).lastError()))
                    .isEqualTo(JobState.SUCCEEDED);
            return service.audio(id).bytes();
        }
    }

    /** {@link ToneEngine}'s tone in both channels of each frame. */
    private static final class StereoTone implements SpeechEngine {
        private final ToneEngine tone = new ToneEngine();

        @Override
        public String name() {
            return tone.name();
        }

        @Override
        public String version() {
            return tone.version();
        }

        @Override
        public List<Voice> voices() {
            return tone.voices();
        }

        @Override
        public int concurrencyLimit() {
            return tone.concurrencyLimit();
        }

        @Override
        public PcmFormat synthesize(SpeechRequest request, OutputStream pcm) throws SpeechException {
            ByteArrayOutputStream mono = new ByteArrayOutputStream();
            PcmFormat format = tone.synthesize(request, mono);
            byte[] samples = mono.toByteArray();
            byte[] frames = new byte[samples.length * 2];
            for (int i = 0; i < samples.length; i += 2) {
                System.arraycopy(samples, i, frames, 2 * i, 2);
                System.arraycopy(samples, i, frames, 2 * i + 2, 2);
            }
            try {
                pcm.write(frames);
            } catch (IOException e) {
                throw new SpeechException(e.getMessage(), null, true);
            }
            return new PcmFormat(format.sampleRate(), 2);
        }
    }
}
