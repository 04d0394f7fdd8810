package dev.c2a.bench;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The no-op engine that also notes when each text's first call began: the moment a job "starts". */
public final class ProbeEngine implements SpeechEngine {
    private final Map<String, CompletableFuture<Long>> started = new ConcurrentHashMap<>();

    /** When {@code text} started, once it has. */
    CompletableFuture<Long> started(String text) {
        return started.computeIfAbsent(text, t -> new CompletableFuture<>());
    }

    @Override
    public String name() {
        return "probe";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public List<Voice> voices() {
        return List.of(new Voice("en", "en", "Probe", null));
    }

    @Override
    public int concurrencyLimit() {
        return Integer.MAX_VALUE;
    }

    @Override
    public PcmFormat synthesize(SpeechRequest request, OutputStream pcm) {
        started(request.text()).complete(System.nanoTime());
        try {
            pcm.write(new byte[2]);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new PcmFormat(22050, 1);
    }
}
