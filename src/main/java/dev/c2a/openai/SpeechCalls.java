package dev.c2a.openai;

import dev.c2a.api.BusyException;
import dev.c2a.api.Echo;
import dev.c2a.api.InvalidRequestException;
import dev.c2a.api.JobRequest;
import dev.c2a.api.NotFoundException;
import dev.c2a.api.SpeechCall;
import dev.c2a.api.SpeechFailedException;
import dev.c2a.audio.Encoder;
import dev.c2a.job.AudioFormat;
import dev.c2a.job.JobSpec;
import dev.c2a.pcm.Wav;
import dev.c2a.pipeline.JobPipeline;
import dev.c2a.pipeline.SpeechStream;
import dev.c2a.speech.CancelSignal;
import dev.c2a.speech.EngineSet;
import dev.c2a.speech.EngineUnavailableException;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.Voice;
import dev.c2a.speech.VoiceChoice;
import dev.c2a.validation.JobValidator;
import dev.c2a.worker.OffloadPool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Speech made on request and streamed, with no job: OpenAI's {@code POST /v1/audio/speech} (so
 * that OpenAI clients, chat front-ends and read-aloud extensions can use c2a by changing one base
 * URL) and the voice samples of the catalog.
 *
 * <p>OpenAI's voice names (alloy, nova, …) are not c2a voices: they stand for the default voice of
 * the input's language. A model named after an engine ("flite") picks that engine's voices.
 */
public final class SpeechCalls {
    /** Model names OpenAI clients send; all speak with the catalog's defaults. */
    static final List<String> COMPATIBLE_MODELS = List.of("tts-1", "tts-1-hd", "gpt-4o-mini-tts");
    private static final Set<String> OPENAI_VOICES = Set.of("alloy", "ash", "ballad", "coral", "echo", "fable",
            "onyx", "nova", "sage", "shimmer", "verse");
    /** OpenAI's range; c2a's engines are held to 0.5–2.5 within it. */
    private static final double MIN_SPEED = 0.25;
    private static final double MAX_SPEED = 4.0;
    private static final int MAX_SAMPLE_VOICES = 1_000;

    private final EngineSet engines;
    private final JobValidator validator;
    private final SpeechStream stream;
    private final OffloadPool pool;
    private final Map<String, byte[]> samples = new ConcurrentHashMap<>();

    public SpeechCalls(EngineSet engines, JobValidator validator, JobPipeline pipeline, Encoder encoder, OffloadPool pool) {
        this.engines = engines;
        this.pool = pool;
        this.validator = validator;
        this.stream = new SpeechStream(pipeline, encoder);
    }

    /** What {@code GET /v1/models} lists: the compatible names, "c2a", and each engine by name. */
    public List<String> models() {
        List<String> models = new ArrayList<>(COMPATIBLE_MODELS);
        models.add("c2a");
        engines.engines().forEach(e -> models.add(e.name()));
        return models;
    }

    /** Checks a request; every refusal is a 400 that names the field, as OpenAI's API answers. */
    public SpeechCall prepare(String model, String input, String voice, String responseFormat, Double speed) {
        if (model == null || model.isBlank()) {
            throw InvalidRequestException.invalid("model: required; one of " + String.join(", ", models()));
        }
        String m = model.trim().toLowerCase(Locale.ROOT);
        if (!models().contains(m)) {
            throw InvalidRequestException.invalid("model: '" + Echo.of(model, 40) + "' is not served here; one of "
                    + String.join(", ", models()));
        }
        if (input == null || input.isBlank()) {
            throw InvalidRequestException.invalid("input: required, the text to speak");
        }
        if (voice == null || voice.isBlank()) {
            throw InvalidRequestException.invalid("voice: required: an OpenAI voice name (alloy, nova, ...) or a"
                    + " c2a voice id (GET /v1/voices)");
        }
        AudioFormat format = AudioFormat.forSpeech(responseFormat == null ? "mp3" : responseFormat).orElseThrow(() ->
                InvalidRequestException.invalid("response_format: '" + Echo.of(responseFormat, 20)
                        + "' is not supported; one of " + String.join(", ", AudioFormat.speechNames())));
        if (!stream.supports(format)) {
            throw InvalidRequestException.invalid("response_format: " + format.speechName() + " needs ffmpeg, which"
                    + " does not run here; ask for wav");
        }
        double s = speed == null ? 1.0 : speed;
        if (!(s >= MIN_SPEED && s <= MAX_SPEED)) {
            throw InvalidRequestException.invalid("speed: must be between 0.25 and 4.0, got " + speed);
        }
        s = Math.max(JobValidator.MIN_SPEED, Math.min(JobValidator.MAX_SPEED, s));
        String requested = voiceFor(m, voice.trim(), input);
        JobSpec spec = validator.validate(new JobRequest(input, null, null, requested, "wav", s, null, null, null),
                null);
        return new SpeechCall(spec, format.speechName(), format.mediaType());
    }

    /** The c2a voice an OpenAI call asks for; null lets the input's language choose. */
    private String voiceFor(String model, String voice, String input) {
        boolean engineModel = !model.equals("c2a") && !COMPATIBLE_MODELS.contains(model);
        String v = voice.toLowerCase(Locale.ROOT);
        if (engineModel && !voice.contains(":")) {
            // "flite" with "rms": that engine's voice; with "alloy": that engine's voice for the input's language
            if (engines.voice(model + ":" + voice).isPresent()) {
                return model + ":" + voice;
            }
            // OpenAI's voices are English ones, unless the input calls for another language
            String language = VoiceChoice.languageFor(input, "en").orElse("en");
            return engines.voice(model + ":" + language).isPresent() ? model + ":" + language : null;
        }
        if (OPENAI_VOICES.contains(v) && engines.voice(voice).isEmpty()) {
            return null;
        }
        return voice;
    }

    /**
     * Speaks the call to {@code out} as it is made (see {@link SpeechStream#speak}), on the speech
     * pool: the caller's thread only waits.
     *
     * @throws BusyException         when the pool is full, or the engine is unavailable for a while
     * @throws SpeechFailedException when the engine failed
     * @throws IOException           when writing to {@code out} failed (the client went away)
     */
    public void speak(SpeechCall call, OutputStream out) throws IOException, InterruptedException {
        AudioFormat format = AudioFormat.forSpeech(call.format()).orElseThrow();
        try {
            pool.call(() -> {
                stream.speak(call.spec(), format, out, new CancelSignal());
                return null;
            });
        } catch (EngineUnavailableException e) {
            throw new BusyException(e.getMessage(), e.retryAfter());
        } catch (SpeechException | JobPipeline.StoppedException e) {
            throw new SpeechFailedException("speech failed: " + e.getMessage(), e);
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A few seconds of a voice, as WAV: spoken once per voice, then kept (the catalog is small). */
    public byte[] sample(String voiceId) {
        Voice voice = engines.voice(voiceId).filter(v -> voiceId.contains(":") || v.id().equals(voiceId))
                .orElseThrow(() -> new NotFoundException("no voice '" + Echo.of(voiceId, 60)
                        + "'; GET /v1/voices lists them, ids are engine:voice"));
        byte[] cached = samples.get(voice.id());
        return cached != null ? cached : pool.supply(() -> speakSample(voice));
    }

    private byte[] speakSample(Voice voice) {
        JobSpec spec = validator.validate(new JobRequest(sampleText(voice), null, null, voice.id(), "wav", null,
                null, null, null), null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            stream.speak(spec, AudioFormat.WAV, out, new CancelSignal());
        } catch (SpeechException e) {
            throw InvalidRequestException.unavailable("voice " + voice.id() + " could not speak its sample: "
                    + e.getMessage());
        } catch (JobPipeline.StoppedException | InterruptedException e) {
            Thread.currentThread().interrupt();
            throw InvalidRequestException.unavailable("the sample was interrupted");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] wav = Wav.withSizes(out.toByteArray());
        if (samples.size() < MAX_SAMPLE_VOICES) {
            samples.put(voice.id(), wav);
        }
        return wav;
    }

    /** English and Chinese get a sentence; other languages count to five, which every voice reads in its language. */
    static String sampleText(Voice voice) {
        String l = voice.language().toLowerCase(Locale.ROOT);
        if (l.startsWith("en")) {
            return "Hello, this is " + voice.name().replaceAll("\\s*\\(.*", "")
                    + ". The quick brown fox jumps over the lazy dog.";
        }
        if (l.startsWith("zh") || l.startsWith("cmn")) {
            return "你好，我是中文语音。我们去银行取钱。";
        }
        return "1, 2, 3, 4, 5.";
    }
}
