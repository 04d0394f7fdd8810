package dev.c2a.testing;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Holds every call until the test opens the gate, and says how many calls are waiting at it. */
public final class GateEngine implements SpeechEngine {
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger waiting = new AtomicInteger();
    private final int limit;

    public GateEngine() {
        this(64);
    }

    /** @param limit the calls it says it takes at once */
    public GateEngine(int limit) {
        this.limit = limit;
    }

    public void open() {
        gate.countDown();
    }

    public int waiting() {
        return waiting.get();
    }

    @Override
    public String name() {
        return "gate";
    }

    @Override
    public String version() {
        return "0";
    }

    @Override
    public List<Voice> voices() {
        return List.of(new Voice("en", "en", "Gate", null));
    }

    @Override
    public int concurrencyLimit() {
        return limit;
    }

    @Override
    public PcmFormat synthesize(SpeechRequest request, OutputStream pcm) throws SpeechException {
        waiting.incrementAndGet();
        try {
            if (!gate.await(2, TimeUnit.MINUTES)) {
                throw new SpeechException("the test never opened the gate", null, false);
            }
            pcm.write(new byte[441]);
            return new PcmFormat(22050, 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechException("interrupted", null, true);
        } catch (IOException e) {
            throw new SpeechException(e.getMessage(), null, true);
        } finally {
            waiting.decrementAndGet();
        }
    }
}
