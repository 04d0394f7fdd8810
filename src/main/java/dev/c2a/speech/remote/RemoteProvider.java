package dev.c2a.speech.remote;

import dev.c2a.speech.EngineContext;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechEngineProvider;

import java.util.OptionalInt;

/**
 * An OpenAI-compatible server ({@code remote}), configured by the service's {@code remote-*}
 * settings; auto tries it first, when {@code remote-url} is set.
 */
public final class RemoteProvider implements SpeechEngineProvider {
    @Override
    public String name() {
        return "remote";
    }

    @Override
    public OptionalInt autoOrder(EngineContext context) {
        return context.speech().remote() == null ? OptionalInt.empty() : OptionalInt.of(10);
    }

    @Override
    public SpeechEngine create(EngineContext context) {
        if (context.speech().remote() == null) {
            throw new IllegalArgumentException("engine remote needs remote-url");
        }
        return new RemoteEngine(context.speech().remote(), context.clock(), context.deadlines());
    }
}
