package dev.c2a.testing;

import dev.c2a.speech.EngineContext;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechEngineProvider;
import dev.c2a.speech.noop.NoopEngine;

import java.util.Set;

/**
 * A provider named by its class in configuration (not listed for ServiceLoader): it makes a no-op
 * engine once its key {@code engine.provided.say} reads, so a test sees the context reach it.
 */
public final class ProvidedEngine implements SpeechEngineProvider {
    /** The last context a provider of this class was given. */
    public static volatile EngineContext lastContext;

    @Override
    public String name() {
        return "provided";
    }

    @Override
    public Set<String> keys() {
        return Set.of("say");
    }

    @Override
    public SpeechEngine create(EngineContext context) {
        context.settings().integer("say", 1, 1, 10);
        lastContext = context;
        return new NoopEngine();
    }
}
