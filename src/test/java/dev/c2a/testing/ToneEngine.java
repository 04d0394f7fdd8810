package dev.c2a.testing;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic engine for resume tests: each text becomes a tone whose pitch and length depend
 * on the text, so equal texts give equal audio. It counts calls, and can be told to fail one call.
 */
public final class ToneEngine implements SpeechEngine {
    private final AtomicInteger calls = new AtomicInteger();
    /** The call number (1-based, counted over all jobs) that fails once; 0 for none. */
    private final int failOnCall;

    public ToneEngine() {
        this(0);
    }

    public ToneEngine(int failOnCall) {
        this.failOnCall = failOnCall;
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public String name() {
        return "tone";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public List<Voice> voices() {
        return List.of(new Voice("en", "en", "Tone", null));
    }

    @Override
    public int concurrencyLimit() {
        return 8;
    }

    @Override
    public PcmFormat synthesize(SpeechRequest request, OutputStream pcm) throws SpeechException {
        int call = calls.incrementAndGet();
        if (call == failOnCall) {
            throw new SpeechException("tone engine failed on call " + call + " (as the test asked)", null, true);
        }
        int rate = 16000;
        int samples = rate / 1000 * (40 + request.text().length() * 3);
        double frequency = 200 + Math.floorMod(request.text().hashCode(), 600);
        byte[] out = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            short s = (short) (8000 * Math.sin(2 * Math.PI * frequency * i / rate));
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
        try {
            pcm.write(out);
        } catch (IOException e) {
            throw new SpeechException(e.getMessage(), null, true);
        }
        return new PcmFormat(rate, 1);
    }
}
