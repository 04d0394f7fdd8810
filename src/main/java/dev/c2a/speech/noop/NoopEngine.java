package dev.c2a.speech.noop;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Speaks silence (10 ms per call) at once: for tests and for measuring the queue alone. It keeps the
 * rules every engine keeps (see SpeechEngineContract): it refuses what a real engine would (no text,
 * a voice it does not have, a job already stopped), so tests that use it see the same errors.
 */
public final class NoopEngine implements SpeechEngine {
    private static final PcmFormat FORMAT = new PcmFormat(22050, 1);
    // why whole samples: 1/100 of 44,100 bytes a second is 441 bytes, which ended in half a sample
    private static final List<Voice> VOICES = List.of(
            new Voice("en", "en", "Silence (English)", null, FORMAT.sampleRate()),
            new Voice("cmn-latn-pinyin", "cmn", "Silence (Chinese)", null, FORMAT.sampleRate()));
    private static final byte[] SILENCE = new byte[FORMAT.sampleRate() / 100 * 2 * FORMAT.channels()];

    @Override
    public String name() {
        return "noop";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public List<Voice> voices() {
        return VOICES;
    }

    @Override
    public int concurrencyLimit() {
        return Integer.MAX_VALUE;
    }

    @Override
    public PcmFormat synthesize(SpeechRequest request, OutputStream pcm) throws SpeechException {
        SpeechException.refuseBlank(request.text());
        if (VOICES.stream().noneMatch(v -> v.id().equals(request.voice().id()))) {
            throw new SpeechException("noop has no voice '" + request.voice().id() + "'", null, false);
        }
        // why: a call is too quick to be stopped midway, so a signal that fired before it is the only one it can obey
        if (request.cancel().fired()) {
            throw SpeechException.stopped(request.cancel());
        }
        try {
            pcm.write(SILENCE);
            return FORMAT;
        } catch (IOException e) {
            throw new SpeechException("cannot write audio: " + e.getMessage(), null, true);
        }
    }
}
