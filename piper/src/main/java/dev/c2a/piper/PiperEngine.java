package dev.c2a.piper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.c2a.config.InvalidSettingException;
import dev.c2a.pcm.PcmFormat;
import dev.c2a.pipeline.Segmenter;
import dev.c2a.speech.Deadlines;
import dev.c2a.speech.EngineContext;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;
import dev.c2a.speech.WavCommand;
import dev.c2a.speech.espeak.EspeakEngine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Piper's neural voices in this JVM: each sentence becomes espeak-ng IPA phonemes
 * ({@link Phonemizer}), the voice's ids ({@link PiperVoice#ids}), and audio from the voice's ONNX
 * model, one session per voice shared by every worker. A call's deadline or cancel stops a running
 * inference (ONNX Runtime's terminate flag) and the phonemizer's process. No word timings: captions
 * of its jobs have sentence cues.
 */
public final class PiperEngine implements SpeechEngine {
    private final List<Voice> voices;
    private final Map<String, PiperVoice> byId;
    private final OrtEnvironment env;
    private final Phonemizer phonemizer;
    private final Deadlines deadlines;
    private final int concurrency;

    private PiperEngine(List<PiperVoice> loaded, OrtEnvironment env, Phonemizer phonemizer, Deadlines deadlines,
                        int concurrency) {
        this.voices = loaded.stream().map(v -> v.voice).toList();
        this.byId = new HashMap<>();
        loaded.forEach(v -> byId.put(v.voice.id(), v));
        this.env = env;
        this.phonemizer = phonemizer;
        this.deadlines = deadlines;
        this.concurrency = concurrency;
    }

    /** Loads every voice in {@code engine.piper.voices}; refuses a missing directory or a bad voice, naming it. */
    static PiperEngine start(EngineContext context) {
        Path dir = Path.of(context.settings().text("voices"));
        int threads = context.settings().integer("threads", 1, 1, 64);
        int concurrency = context.settings().integer("concurrency", Runtime.getRuntime().availableProcessors(), 1, 256);
        String espeak = context.started("espeak", () -> EspeakEngine.runnable(context.settings().text("espeak",
                "espeak-ng")));
        List<Path> models;
        try (Stream<Path> files = Files.list(dir)) {
            models = files.filter(f -> f.getFileName().toString().endsWith(".onnx")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidSettingException(context.settings().key("voices") + ": cannot read the directory " + dir
                    + " (" + e + ") " + context.settings().from("voices"));
        }
        if (models.isEmpty()) {
            throw new InvalidSettingException(context.settings().key("voices") + ": no Piper voice (NAME.onnx with"
                    + " NAME.onnx.json) in " + dir + " " + context.settings().from("voices"));
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<PiperVoice> loaded = new ArrayList<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            for (Path model : models) {
                loaded.add(PiperVoice.load(model, env, options));
            }
        } catch (OrtException e) {
            loaded.forEach(PiperVoice::close);
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            loaded.forEach(PiperVoice::close);
            throw e;
        }
        return new PiperEngine(loaded, env, new Phonemizer(espeak, context.deadlines()), context.deadlines(),
                concurrency);
    }

    @Override
    public String name() {
        return "piper";
    }

    /** ONNX Runtime's version: with the voice (its file's name), what the audio depends on. */
    @Override
    public String version() {
        return "onnxruntime " + env.getVersion();
    }

    @Override
    public List<Voice> voices() {
        return voices;
    }

    @Override
    public int concurrencyLimit() {
        return concurrency;
    }

    @Override
    public PcmFormat synthesize(SpeechRequest request, OutputStream pcm) throws SpeechException {
        SpeechException.refuseBlank(request.text());
        PiperVoice voice = byId.get(request.voice().id());
        if (voice == null) {
            throw new SpeechException("piper has no voice '" + request.voice().id() + "'", null, false);
        }
        long end = System.nanoTime() + request.deadline().toNanos();
        float length = voice.lengthScale / (float) Math.max(0.25, Math.min(4.0, request.speed()));
        boolean spoke = false;
        // why sentence by sentence: a long text stays within what one inference should take, and a
        // deadline or cancel is also kept between sentences
        for (Segmenter.Sentence s : voice.sentences.sentences(request.text())) {
            String sentence = request.text().substring(s.start(), s.end());
            if (sentence.isBlank()) {
                continue;
            }
            String phonemes = voice.textPhonemes ? sentence.strip()
                    : phonemizer.phonemes(sentence, voice.espeakVoice, request, left(request, end));
            for (String piece : PiperVoice.pieces(phonemes)) {
                write(infer(voice, voice.ids(piece), length, request, end), pcm);
                spoke = true;
            }
        }
        if (!spoke) {
            throw SpeechException.nothingToSay();
        }
        return new PcmFormat(voice.voice.sampleRate(), 1);
    }

    /** The time left before the call's deadline; past it, the call ends as one past its deadline. */
    private Duration left(SpeechRequest request, long end) throws SpeechException {
        if (request.cancel().fired()) {
            throw SpeechException.stopped(request.cancel());
        }
        long nanos = end - System.nanoTime();
        if (nanos <= 0) {
            throw new SpeechException("piper did not finish within " + request.deadline().toMillis()
                    + " ms (setting engine-timeout) and was stopped", null, true);
        }
        return Duration.ofNanos(nanos);
    }

    private float[] infer(PiperVoice voice, long[] ids, float length, SpeechRequest request, long end)
            throws SpeechException {
        Duration left = left(request, end);
        try (Run run = new Run();
             Deadlines.Armed deadline = deadlines.arm(left, run::terminate);
             AutoCloseable onCancel = request.cancel().onFire(run::terminate)) {
            try {
                return run(voice, ids, length, run);
            } catch (OrtException e) {
                if (deadline.passed() || request.cancel().fired()) {
                    throw WavCommand.ended("piper", request, deadline, null, "");
                }
                throw new SpeechException("piper could not speak this: " + e.getMessage(), null, false);
            }
        } catch (SpeechException e) {
            throw e;
        } catch (Exception e) {
            throw new SpeechException("piper failed: " + e.getMessage(), null, true);
        }
    }

    /** One inference of {@code ids} on the voice's model under {@code run}'s options: its samples. */
    float[] run(PiperVoice voice, long[] ids, float length, Run run) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(env, new long[][] {ids});
             OnnxTensor lengths = OnnxTensor.createTensor(env, new long[] {ids.length});
             OnnxTensor scales = OnnxTensor.createTensor(env, new float[] {voice.noiseScale, length, voice.noiseW});
             OnnxTensor sid = voice.speakers ? OnnxTensor.createTensor(env, new long[] {0}) : null) {
            Map<String, OnnxTensor> inputs = new HashMap<>(Map.of("input", input, "input_lengths", lengths,
                    "scales", scales));
            if (sid != null) {
                inputs.put("sid", sid);
            }
            try (OrtSession.Result result = voice.session.run(inputs, run.options)) {
                FloatBuffer audio = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] samples = new float[audio.remaining()];
                audio.get(samples);
                return samples;
            }
        }
    }

    /** Samples in [-1, 1] as 16-bit PCM; a piece louder than full scale is turned down whole, not clipped. */
    private static void write(float[] samples, OutputStream pcm) throws SpeechException {
        float peak = 0;
        for (float s : samples) {
            peak = Math.max(peak, Math.abs(s));
        }
        float gain = peak > 1f ? 32767f / peak : 32767f;
        byte[] out = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            int v = Math.round(samples[i] * gain);
            out[2 * i] = (byte) v;
            out[2 * i + 1] = (byte) (v >> 8);
        }
        try {
            pcm.write(out);
        } catch (IOException e) {
            throw new SpeechException("cannot write piper's audio: " + e.getMessage(), null, true);
        }
    }

    /** The loaded voice behind one of this engine's voices (for tests of its phoneme ids). */
    PiperVoice voice(Voice voice) {
        return byId.get(voice.id());
    }

    @Override
    public void close() {
        byId.values().forEach(PiperVoice::close);
    }

    /**
     * One inference's run options, which a deadline or a cancel on another thread may set to
     * terminate. why the lock: terminating options already closed would touch freed native memory.
     */
    static final class Run implements AutoCloseable {
        final OrtSession.RunOptions options;
        private boolean closed;

        Run() throws OrtException {
            options = new OrtSession.RunOptions();
        }

        synchronized void terminate() {
            if (!closed) {
                try {
                    options.setTerminate(true);
                } catch (OrtException ignored) {
                    // the run ends by itself; the deadline or cancel is still seen by the caller
                }
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            options.close();
        }
    }
}
