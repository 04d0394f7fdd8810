package dev.c2a.piper;

import dev.c2a.speech.EngineContext;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechEngineProvider;

import java.util.OptionalInt;
import java.util.Set;

/**
 * Piper voices ({@code piper}), found when this module's jar is on the class path. Keys:
 * {@code voices} (required: the directory of {@code NAME.onnx} files, each with its
 * {@code NAME.onnx.json}), {@code threads} (ONNX Runtime threads per call, default 1),
 * {@code concurrency} (calls at once, default the number of cores), {@code espeak} (the espeak-ng
 * program that makes the phonemes, default {@code espeak-ng}). Auto puts its neural voices first
 * among the local engines, when {@code voices} is set.
 */
public final class PiperProvider implements SpeechEngineProvider {
    @Override
    public String name() {
        return "piper";
    }

    @Override
    public Set<String> keys() {
        return Set.of("voices", "threads", "concurrency", "espeak");
    }

    @Override
    public OptionalInt autoOrder(EngineContext context) {
        return context.settings().text("voices", null) == null ? OptionalInt.empty() : OptionalInt.of(20);
    }

    @Override
    public SpeechEngine create(EngineContext context) {
        return PiperEngine.start(context);
    }
}
