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

/**
 * Takes its time per call (ending early when the job's cancel signal fires, as a killed subprocess
 * would) and counts its calls; for drain, resize and cancel tests. A test that passes an instance to
 * the builder steers it; configured by class name (a child process), it takes 300 ms a call.
 */
public final class SlowEngine implements SpeechEngine {
    private final AtomicInteger calls = new AtomicInteger();
    private volatile long millisPerCall;

    public SlowEngine() {
        this(300);
    }

    public SlowEngine(long millisPerCall) {
        this.millisPerCall = millisPerCall;
    }

    /** How long each call takes from now on. */
    public void millisPerCall(long millis) {
        this.millisPerCall = millis;
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public String name() {
        return "slow";
    }

    @Override
    public String version() {
        return "0";
    }

    @Override
    public List<Voice> voices() {
        return List.of(new Voice("en", "en", "Slow", null));
    }

    @Override
    public int concurrencyLimit() {
        return 64;
    }

    @Override
    public PcmFormat synthesize(SpeechRequest request, OutputStream pcm) throws SpeechException {
        calls.incrementAndGet();
        CountDownLatch stopped = new CountDownLatch(1);
        try (AutoCloseable ignored = request.cancel().onFire(stopped::countDown)) {
            if (stopped.await(millisPerCall, TimeUnit.MILLISECONDS)) {
                throw new SpeechException("killed: " + request.cancel().reason(), null, true);
            }
            pcm.write(new byte[441]);
            return new PcmFormat(22050, 1);
        } catch (SpeechException e) {
            throw e;
        } catch (IOException e) {
            throw new SpeechException(e.getMessage(), null, true);
        } catch (Exception e) {
            Thread.currentThread().interrupt();
            throw new SpeechException("interrupted", null, true);
        }
    }
}
