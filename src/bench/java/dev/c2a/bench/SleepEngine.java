package dev.c2a.bench;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Sleeps 200 ms a call, then speaks 10 ms of silence: work that takes time and no CPU, so that a
 * benchmark on two cores measures what coordinating costs, not which process got the CPU. Loaded
 * by its class name ({@code --engine dev.c2a.bench.SleepEngine}) in {@code c2a serve} processes
 * that run on the bench's class path.
 */
public final class SleepEngine implements SpeechEngine {
    static final long MILLIS_PER_CALL = 200;

    @Override
    public String name() {
        return "sleep";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public List<Voice> voices() {
        return List.of(new Voice("en", "en", "Sleep", null));
    }

    @Override
    public int concurrencyLimit() {
        return Integer.MAX_VALUE;
    }

    @Override
    public PcmFormat synthesize(SpeechRequest request, OutputStream pcm) throws SpeechException {
        try {
            Thread.sleep(MILLIS_PER_CALL);
            pcm.write(new byte[441]);
            return new PcmFormat(22050, 1);
        } catch (IOException e) {
            throw new SpeechException(e.getMessage(), null, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechException("interrupted", null, true);
        }
    }
}
