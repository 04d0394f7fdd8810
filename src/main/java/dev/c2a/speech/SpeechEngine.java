package dev.c2a.speech;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.text.AlignedText;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns text into PCM. Implementations are named in configuration by a built-in name or by class
 * name (see {@link SpeechEngines}); a class named that way needs a public no-argument constructor.
 *
 * <p>Compatibility: methods may be added with defaults; existing ones keep their meaning.
 */
public interface SpeechEngine extends AutoCloseable {

    String name();

    String version();

    List<Voice> voices();

    /**
     * The voice a requested id or alias stands for, if this engine has it; else, when the request is
     * a language tag, this engine's first voice of that language ("en" finds an "en-US" voice).
     */
    default Optional<Voice> voice(String requested) {
        String key = requested.trim().replace('_', '-');
        return voices().stream().filter(v -> v.id().equalsIgnoreCase(key)).findFirst()
                .or(() -> voices().stream().filter(v -> Languages.covers(key, v.language())).findFirst());
    }

    /**
     * The text as this engine should receive it, after normalisation: a dry run shows it, and
     * checkpoints are keyed by it. Chinese becomes pinyin for espeak-ng, for example.
     */
    default String prepare(String text, Voice voice) {
        return text;
    }

    /**
     * {@link #prepare(String, Voice)} keeping where each character came from, so a word the engine
     * reports can be found in the written text. This default knows no finer correspondence than the
     * whole: text the engine keeps maps character by character, text it rewrites (Chinese to pinyin)
     * maps every output character to the whole input. An engine that rewrites piece by piece may
     * override it with the same text and finer ranges.
     */
    default AlignedText prepare(AlignedText text, Voice voice) {
        return text.rewrite(prepare(text.text(), voice));
    }

    /** Whether the engine can speak now; a remote one reports its server's state here. */
    default EngineHealth health() {
        return EngineHealth.READY;
    }

    /**
     * What the engine can do with {@code voice} (one of its own voices): word timings, more than one
     * language, the most it takes in one request. The default: one language, and word timings as
     * {@link #wordTimings()} says.
     */
    default Capabilities capabilities(Voice voice) {
        return Capabilities.PLAIN.withWordTimings(wordTimings());
    }

    /**
     * Whether {@link #synthesizeAll} reports when each word is spoken: this engine's jobs then get
     * word times in their captions; the others' keep sentence cues.
     */
    default boolean wordTimings() {
        return false;
    }

    /** How many calls may run at once; the worker pool never exceeds it. */
    int concurrencyLimit();

    /**
     * Speaks {@code request.text()} and writes its 16-bit little-endian PCM to {@code pcm}.
     * Returns the format of what was written. Stops promptly when {@code request.cancel()} fires.
     */
    PcmFormat synthesize(SpeechRequest request, OutputStream pcm) throws SpeechException;

    /**
     * Speaks {@code texts} (plain text, all with {@code request}'s voice and speed; its text is not
     * used) and returns one utterance per text, in order. An engine that can speak them in one call
     * (a paragraph) does, which saves a start per text; the default calls {@link #synthesize} once
     * per text and reports no words.
     */
    default List<Utterance> synthesizeAll(List<String> texts, SpeechRequest request) throws SpeechException {
        List<Utterance> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            ByteArrayOutputStream pcm = new ByteArrayOutputStream();
            PcmFormat format = synthesize(new SpeechRequest(text, request.voice(), request.speed(), false,
                    request.deadline(), request.cancel()), pcm);
            out.add(new Utterance(format, pcm.toByteArray(), List.of()));
        }
        return out;
    }

    @Override
    default void close() {
    }
}
