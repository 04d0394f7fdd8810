package dev.c2a.speech.flite;

import dev.c2a.speech.EngineContext;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechEngineProvider;

import java.util.OptionalInt;
import java.util.Set;

/** CMU flite ({@code flite}); key {@code program} (default {@code flite} on PATH). Auto's best local English after MaryTTS. */
public final class FliteProvider implements SpeechEngineProvider {
    @Override
    public String name() {
        return "flite";
    }

    @Override
    public Set<String> keys() {
        return Set.of("program");
    }

    @Override
    public OptionalInt autoOrder(EngineContext context) {
        return OptionalInt.of(40);
    }

    @Override
    public SpeechEngine create(EngineContext context) {
        return context.started("program", () -> FliteEngine.start(context.settings().text("program", "flite"),
                context.deadlines()));
    }
}
