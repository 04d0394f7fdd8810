package dev.c2a.marytts;

import dev.c2a.speech.EngineContext;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechEngineProvider;
import marytts.exceptions.MaryConfigurationException;

import java.util.OptionalInt;

/** MaryTTS ({@code marytts}), found when this module's jar is on the class path; auto's best local English. */
public final class MaryProvider implements SpeechEngineProvider {
    @Override
    public String name() {
        return "marytts";
    }

    @Override
    public OptionalInt autoOrder(EngineContext context) {
        return OptionalInt.of(30);
    }

    @Override
    public SpeechEngine create(EngineContext context) {
        try {
            return new MaryEngine();
        } catch (MaryConfigurationException e) {
            throw new IllegalStateException("MaryTTS cannot start: " + e.getMessage(), e);
        }
    }
}
