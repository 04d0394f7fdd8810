package dev.c2a.speech.noop;

import dev.c2a.speech.EngineContext;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechEngineProvider;

/** The silent engine for tests and benchmarks ({@code noop}); never chosen by auto. */
public final class NoopProvider implements SpeechEngineProvider {
    @Override
    public String name() {
        return "noop";
    }

    @Override
    public SpeechEngine create(EngineContext context) {
        return new NoopEngine();
    }
}
