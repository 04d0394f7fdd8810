package dev.c2a.speech.noop;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Speaks silence (10 ms per call) at once: for tests and for measuring the queue alone. */
public final class NoopEngine implements SpeechEngine {
    private static final PcmFormat FORMAT = new PcmFormat(22050, 1);
    private static final byte[] SILENCE = new byte[FORMAT.bytesPerSecond() / 100];

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
        return List.of(new Voice("en", "en", "Silence (English)", null),
                new Voice("cmn-latn-pinyin", "cmn", "Silence (Chinese)", null));
    }

    @Override
    public int concurrencyLimit() {
        return Integer.MAX_VALUE;
    }

    @Override
    public PcmFormat synthesize(SpeechRequest request, OutputStream pcm) throws SpeechException {
        try {
            pcm.write(SILENCE);
            return FORMAT;
        } catch (IOException e) {
            throw new SpeechException("cannot write audio: " + e.getMessage(), null, true);
        }
    }
}
