package dev.c2a.piper;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.config.InvalidSettingException;
import dev.c2a.json.Json;
import dev.c2a.pipeline.Segmenter;
import dev.c2a.speech.Languages;
import dev.c2a.speech.Voice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Piper voice: its model ({@code NAME.onnx}) in one ONNX Runtime session that every worker
 * shares, and its configuration ({@code NAME.onnx.json}): sample rate, espeak-ng voice, the map from
 * phonemes to the model's ids, and the inference scales. A file that is missing, unreadable or not
 * of a Piper voice is refused when the engine starts, naming the file.
 */
final class PiperVoice implements AutoCloseable {
    /** The model's inputs, as Piper exports them; {@code sid} only in voices of several speakers. */
    private static final Set<String> INPUTS = Set.of("input", "input_lengths", "scales");
    /** The most phoneme ids given the model at once: a longer sentence goes in pieces cut at word gaps. */
    static final int MAX_PHONEMES = 400;

    final Voice voice;
    final String espeakVoice;
    final boolean textPhonemes;
    final float noiseScale;
    final float lengthScale;
    final float noiseW;
    final boolean speakers;
    final OrtSession session;
    /** Sentences in the voice's language; a long text is spoken one at a time. */
    final Segmenter sentences;
    private final Map<Integer, long[]> ids;
    private final long[] pad;
    private final long[] bos;
    private final long[] eos;

    private PiperVoice(Voice voice, JsonNode config, Map<Integer, long[]> ids, OrtSession session, Path json) {
        this.voice = voice;
        this.espeakVoice = config.path("espeak").path("voice").asText("en-us");
        this.textPhonemes = config.path("phoneme_type").asText("espeak").equals("text");
        JsonNode inference = config.path("inference");
        this.noiseScale = (float) inference.path("noise_scale").asDouble(0.667);
        this.lengthScale = (float) inference.path("length_scale").asDouble(1.0);
        this.noiseW = (float) inference.path("noise_w").asDouble(0.8);
        this.speakers = session.getInputNames().contains("sid");
        this.session = session;
        this.sentences = new Segmenter(voice.language());
        this.ids = ids;
        this.pad = symbol(ids, "_", json);
        this.bos = symbol(ids, "^", json);
        this.eos = symbol(ids, "$", json);
    }

    /** Loads {@code onnx} with its {@code .onnx.json}; refuses either, naming the file and what is wrong. */
    static PiperVoice load(Path onnx, OrtEnvironment env, OrtSession.SessionOptions options) {
        Path json = onnx.resolveSibling(onnx.getFileName() + ".json");
        if (!Files.isRegularFile(json)) {
            throw refused(onnx, "it has no configuration " + json.getFileName() + " beside it (Piper voices come as"
                    + " NAME.onnx with NAME.onnx.json)");
        }
        JsonNode config;
        try {
            config = Json.MAPPER.readTree(Files.readString(json));
        } catch (IOException | RuntimeException e) {
            throw refused(json, "not a readable JSON file: " + e.getMessage());
        }
        int rate = config.path("audio").path("sample_rate").asInt(0);
        if (rate < 8_000 || rate > 96_000) {
            throw refused(json, "audio.sample_rate must be a sample rate (8000 to 96000), got "
                    + config.path("audio").path("sample_rate"));
        }
        Map<Integer, long[]> ids = idMap(config.path("phoneme_id_map"), json);
        String stem = onnx.getFileName().toString().replaceFirst("\\.onnx$", "");
        String language = config.path("language").path("code").asText(config.path("espeak").path("voice").asText("en"))
                .replace('_', '-');
        String name = config.path("dataset").asText(stem) + " (Piper" + (config.path("audio").has("quality")
                ? ", " + config.path("audio").path("quality").asText() : "") + ")";
        OrtSession session;
        try {
            session = env.createSession(onnx.toString(), options);
        } catch (OrtException | RuntimeException e) {
            throw refused(onnx, "ONNX Runtime cannot load it: " + e.getMessage());
        }
        try {
            if (!session.getInputNames().containsAll(INPUTS)) {
                throw refused(onnx, "not a Piper voice: its inputs are " + session.getInputNames() + ", not " + INPUTS);
            }
            Voice voice = new Voice(stem, Languages.tagOf(language), name, null, rate);
            return new PiperVoice(voice, config, ids, session, json);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static Map<Integer, long[]> idMap(JsonNode map, Path json) {
        if (!map.isObject() || map.isEmpty()) {
            throw refused(json, "phoneme_id_map is missing or empty");
        }
        Map<Integer, long[]> ids = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().codePointCount(0, e.getKey().length()) != 1 || !e.getValue().isArray()) {
                throw refused(json, "phoneme_id_map: expected one character to a list of ids, got '" + e.getKey() + "'");
            }
            long[] list = new long[e.getValue().size()];
            for (int i = 0; i < list.length; i++) {
                list[i] = e.getValue().get(i).asLong();
            }
            ids.put(e.getKey().codePointAt(0), list);
        }
        return ids;
    }

    private static long[] symbol(Map<Integer, long[]> ids, String symbol, Path json) {
        long[] found = ids.get(symbol.codePointAt(0));
        if (found == null) {
            throw refused(json, "phoneme_id_map has no '" + symbol + "' (Piper's pad, start and end are _ ^ $)");
        }
        return found;
    }

    private static InvalidSettingException refused(Path file, String why) {
        return new InvalidSettingException("engine.piper.voices: cannot use " + file + ": " + why);
    }

    /**
     * The model's ids for {@code phonemes}, as Piper makes them: start, then each phoneme (decomposed,
     * as Piper decomposes "ç" into "c" and its cedilla) followed by the pad, then end. A phoneme the
     * voice does not know is left out, as Piper leaves it out.
     */
    long[] ids(String phonemes) {
        List<long[]> parts = new ArrayList<>();
        parts.add(bos);
        parts.add(pad);
        Normalizer.normalize(phonemes, Normalizer.Form.NFD).codePoints().forEach(cp -> {
            long[] id = ids.get(cp);
            if (id != null) {
                parts.add(id);
                parts.add(pad);
            }
        });
        parts.add(eos);
        int n = parts.stream().mapToInt(p -> p.length).sum();
        long[] out = new long[n];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** {@code phonemes} in pieces of at most {@link #MAX_PHONEMES} characters, cut after a space where one is. */
    static List<String> pieces(String phonemes) {
        List<String> out = new ArrayList<>();
        String rest = phonemes;
        while (rest.length() > MAX_PHONEMES) {
            int cut = rest.lastIndexOf(' ', MAX_PHONEMES);
            int at = cut > 0 ? cut + 1 : MAX_PHONEMES;
            if (Character.isLowSurrogate(rest.charAt(at))) {
                at--;
            }
            out.add(rest.substring(0, at).strip());
            rest = rest.substring(at);
        }
        if (!rest.isBlank()) {
            out.add(rest.strip());
        }
        return out;
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // closing at shutdown: nothing left to do with a session that will not close
        }
    }
}
