package dev.c2a.speech;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.pcm.Wav;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * One engine process per call (espeak-ng's command line, flite): the text on its stdin, its WAV
 * written to a scratch file, killed at the call's deadline or when its job is cancelled. why a file
 * and not a pipe: through a pipe each 4 KB the engine writes wakes the reading worker, which (at
 * normal priority) preempts the niced engine; a file costs the JVM one read of the finished audio.
 */
public final class WavCommand {
    private final String engine;
    private final EngineProcess process;

    /** @param engine the engine's name, for messages */
    public WavCommand(String engine, Deadlines deadlines) {
        this.engine = engine;
        this.process = new EngineProcess(engine, deadlines);
    }

    /** Runs {@code command} (given the WAV file to write) with {@code text} on stdin; copies its PCM to {@code pcm}. */
    public PcmFormat speak(SpeechRequest request, String text, Function<Path, List<String>> command,
                           OutputStream pcm) throws SpeechException {
        Path wav;
        try {
            wav = Files.createTempFile(dev.c2a.process.ScratchDir.get(), engine + "-", ".wav");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new SpeechException("cannot create a scratch file for " + engine + ": " + e.getMessage(), null, true);
        }
        try {
            run(request, text, command.apply(wav));
            try (InputStream in = new BufferedInputStream(Files.newInputStream(wav), 1 << 16)) {
                PcmFormat format = Wav.readHeader(in);
                in.transferTo(pcm);
                return format;
            }
        } catch (IOException e) {
            throw new SpeechException("cannot read " + engine + "'s audio: " + e.getMessage(), null, true);
        } finally {
            try {
                Files.deleteIfExists(wav);
            } catch (IOException ignored) {
                // a scratch file left behind goes with the scratch directory (see ScratchDir)
            }
        }
    }

    private void run(SpeechRequest request, String text, List<String> args) throws SpeechException {
        process.run(request, request.deadline(), text, args, false);
    }

    /** The error for a call that ended early: cancelled, past its deadline, or failed as {@code otherwise}. */
    public static SpeechException ended(String engine, SpeechRequest request, Deadlines.Armed deadline, String stderr,
                                        String otherwise) {
        if (request.cancel().fired()) {
            return new SpeechException("stopped: " + request.cancel().reason(), stderr, true);
        }
        if (deadline.passed()) {
            return new SpeechException(engine + " did not finish within " + request.deadline().toMillis()
                    + " ms (setting engine-timeout) and was killed", stderr, true);
        }
        return new SpeechException(otherwise, stderr, stderr == null || !stderr.contains("does not exist"));
    }
}
