package dev.c2a.speech;

import dev.c2a.pcm.PcmFormat;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Every configured engine behind one {@link SpeechEngine}: the voice catalog, with stable ids
 * {@code engine:voice}; the default voice of each language; and each engine's own concurrency
 * limit, held here so that workers speaking with one engine never exceed it while others speak
 * with another. Engines are listed by preference: for a language with no configured default, the
 * first engine that speaks it gives the voice (so "en" is flite's slt when flite is installed).
 */
public final class EngineSet implements SpeechEngine {
    private final List<SpeechEngine> engines;
    private final Map<String, SpeechEngine> byName = new LinkedHashMap<>();
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
    private final Map<String, String> languageVoices;
    private final Map<String, Routed> routes = new ConcurrentHashMap<>();
    /** What the engines share and the set closes after them (their deadlines' watchdog). */
    private final AutoCloseable shared;

    /** A catalog voice, the engine that speaks it, and its id there. */
    private record Routed(SpeechEngine engine, Voice own, Voice listed) {
    }

    /**
     * @param engines        by preference, at least one
     * @param languageVoices language tag → voice id ("zh" → "espeak-ng:cmn-latn-pinyin"), checked here
     */
    public EngineSet(List<SpeechEngine> engines, Map<String, String> languageVoices) {
        this(engines, languageVoices, () -> {
        });
    }

    /** @param shared what the engines share, closed after them */
    public EngineSet(List<SpeechEngine> engines, Map<String, String> languageVoices, AutoCloseable shared) {
        this.shared = shared;
        if (engines.isEmpty()) {
            throw new IllegalArgumentException("no speech engine is configured");
        }
        this.engines = List.copyOf(engines);
        for (SpeechEngine e : engines) {
            if (byName.putIfAbsent(e.name().toLowerCase(Locale.ROOT), e) != null) {
                throw new IllegalArgumentException("engine " + e.name() + " is configured twice");
            }
            permits.put(e.name().toLowerCase(Locale.ROOT), new Semaphore(Math.max(1, e.concurrencyLimit()), true));
        }
        Map<String, String> checked = new LinkedHashMap<>();
        languageVoices.forEach((language, voice) -> {
            String tag = Languages.canonical(language).orElseThrow(() -> new IllegalArgumentException(
                    "language-voices: '" + language + "' is not a BCP 47 language tag"));
            if (byId(voice).isEmpty()) {
                throw new IllegalArgumentException("language-voices: no voice '" + voice + "' for " + tag
                        + "; ids are engine:voice, as GET /v1/voices lists them");
            }
            checked.put(tag.toLowerCase(Locale.ROOT), voice);
        });
        this.languageVoices = Map.copyOf(checked);
    }

    public static EngineSet of(SpeechEngine engine) {
        return engine instanceof EngineSet set ? set : new EngineSet(List.of(engine), Map.of());
    }

    public List<SpeechEngine> engines() {
        return engines;
    }

    @Override
    public String name() {
        return engines.stream().map(SpeechEngine::name).collect(Collectors.joining(","));
    }

    @Override
    public String version() {
        return engines.stream().map(e -> e.name() + " " + e.version()).collect(Collectors.joining(", "));
    }

    /** Every engine's voices, by engine preference, each under its id {@code engine:voice}. */
    @Override
    public List<Voice> voices() {
        List<Voice> all = new ArrayList<>();
        for (SpeechEngine e : engines) {
            for (Voice v : e.voices()) {
                all.add(listed(e, v));
            }
        }
        return all;
    }

    /**
     * {@code engine:voice} names one voice of one engine; a language tag gets its configured voice,
     * else the first engine's voice for it, else that of the tag without its last part; anything else
     * is looked up in each engine in turn.
     */
    @Override
    public Optional<Voice> voice(String requested) {
        if (requested == null || requested.isBlank()) {
            return Optional.empty();
        }
        String key = requested.trim();
        if (key.contains(":")) {
            return byId(key);
        }
        String configured = Languages.canonical(key).map(t -> languageVoices.get(t.toLowerCase(Locale.ROOT)))
                .orElse(null);
        if (configured != null) {
            return byId(configured);
        }
        for (SpeechEngine e : engines) {
            Optional<Voice> v = e.voice(key);
            if (v.isPresent()) {
                return Optional.of(listed(e, v.get()));
            }
        }
        // no voice for "de-AT" (a region) or "zh-Hant" (a script): a "de" or "zh" voice is the next best;
        // a misspelt id ("en-uss") is not a language and gets no voice
        int dash = key.lastIndexOf('-');
        boolean regionOrScript = dash > 0 && key.substring(dash + 1).matches("[A-Za-z]{2}|\\d{3}|[A-Za-z]{4}");
        return regionOrScript && Languages.canonical(key).isPresent() ? voice(key.substring(0, dash)) : Optional.empty();
    }

    private Optional<Voice> byId(String id) {
        int colon = id.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        SpeechEngine e = byName.get(id.substring(0, colon).trim().toLowerCase(Locale.ROOT));
        return e == null ? Optional.empty() : e.voice(id.substring(colon + 1)).map(v -> listed(e, v));
    }

    private Voice listed(SpeechEngine engine, Voice own) {
        Voice listed = own.withId(engine.name() + ":" + own.id());
        routes.putIfAbsent(listed.id(), new Routed(engine, own, listed));
        return listed;
    }

    private Routed route(Voice voice) throws SpeechException {
        return find(voice).orElseThrow(() -> new SpeechException("no engine has the voice '" + voice.id() + "'",
                null, false));
    }

    /** The engine and its own voice for {@code voice}: a listed id, or one {@link #voice} resolves (a language). */
    private Optional<Routed> find(Voice voice) {
        Routed r = routes.get(voice.id());
        return r != null ? Optional.of(r) : voice(voice.id()).map(v -> routes.get(v.id()));
    }

    /**
     * The engine that speaks {@code voice}, with its version ({@code "espeak-ng 1.51"}): with the
     * voice, what its audio depends on besides the text — not the other engines of the set, so
     * adding or upgrading one of them changes nothing said by this one.
     */
    public String engineOf(Voice voice) throws SpeechException {
        SpeechEngine e = route(voice).engine();
        return e.name() + " " + e.version();
    }

    /** The name of the engine that speaks {@code requested} (a voice id or a language), or null when none does. */
    public String engineNameOf(String requested) {
        return voice(requested).map(v -> routes.get(v.id())).map(r -> r.engine().name()).orElse(null);
    }

    /** Each engine's concurrency, by name: what the node may hold of each engine's jobs at once. */
    public Map<String, Integer> limits() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        engines.forEach(e -> limits.put(e.name(), Math.max(1, e.concurrencyLimit())));
        return limits;
    }

    /** What the engine of {@code voice} can do with it; plain text for a voice no engine has. */
    @Override
    public Capabilities capabilities(Voice voice) {
        return find(voice).map(r -> r.engine().capabilities(r.own())).orElse(Capabilities.PLAIN);
    }

    @Override
    public String prepare(String text, Voice voice) {
        return find(voice).map(r -> r.engine().prepare(text, r.own())).orElse(text);
    }

    /** The sum of the engines' limits; each engine's own limit is kept by {@link #synthesize}. */
    @Override
    public int concurrencyLimit() {
        return engines.stream().mapToInt(e -> Math.max(1, e.concurrencyLimit())).sum();
    }

    @Override
    public PcmFormat synthesize(SpeechRequest request, OutputStream pcm) throws SpeechException {
        return onEngine(request, (engine, own) -> engine.synthesize(own, pcm));
    }

    /** {@link SpeechEngine#synthesizeAll} on the voice's engine, under one of its permits. */
    @Override
    public List<Utterance> synthesizeAll(List<String> texts, SpeechRequest request) throws SpeechException {
        return onEngine(request, (engine, own) -> engine.synthesizeAll(texts, own));
    }

    /** A call to one engine, with the request in that engine's own voice id. */
    private interface EngineCall<T> {
        T call(SpeechEngine engine, SpeechRequest own) throws SpeechException;
    }

    /** Runs {@code call} on the engine of the request's voice, holding one of that engine's permits. */
    private <T> T onEngine(SpeechRequest request, EngineCall<T> call) throws SpeechException {
        Routed r = route(request.voice());
        Semaphore limit = permits.get(r.engine().name().toLowerCase(Locale.ROOT));
        acquire(limit, request);
        try {
            return call.call(r.engine(), new SpeechRequest(request.text(), r.own(), request.speed(), request.ssml(),
                    request.deadline(), request.cancel()));
        } finally {
            limit.release();
        }
    }

    /** Waits for the engine's permit, but not past a cancel. */
    private static void acquire(Semaphore limit, SpeechRequest request) throws SpeechException {
        try {
            while (!limit.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (request.cancel().fired()) {
                    throw SpeechException.stopped(request.cancel());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechException("interrupted while waiting for the engine", null, true);
        }
    }

    /** Available when every engine is; else the first engine's reason. */
    @Override
    public EngineHealth health() {
        return engines.stream().map(SpeechEngine::health).filter(h -> !h.available()).findFirst()
                .orElse(EngineHealth.READY);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (SpeechEngine e : engines) {
            try {
                e.close();
            } catch (RuntimeException failed) {
                // why go on: one engine that fails to close must not leave the others' processes running
                first = first == null ? failed : first;
            }
        }
        try {
            shared.close();
        } catch (Exception e) {
            first = first == null ? new IllegalStateException("closing the engines' shared parts: " + e.getMessage(), e)
                    : first;
        }
        if (first != null) {
            throw first;
        }
    }
}
