package dev.c2a.testing;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;

import java.io.OutputStream;
import java.util.List;

/** An engine that always fails, as a broken engine would; loaded by class name in tests. */
public final class FailingEngine implements SpeechEngine {
    @Override
    public String name() {
        return "failing";
    }

    @Override
    public String version() {
        return "0";
    }

    @Override
    public List<Voice> voices() {
        return List.of(new Voice("en", "en", "Broken", null));
    }

    @Override
    public int concurrencyLimit() {
        return 4;
    }

    @Override
    public PcmFormat synthesize(SpeechRequest request, OutputStream pcm) throws SpeechException {
        throw new SpeechException("engine crashed: segmentation fault", "fatal: voice data corrupt\nabort", true);
    }
}
