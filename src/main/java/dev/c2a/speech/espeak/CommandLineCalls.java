package dev.c2a.speech.espeak;

import dev.c2a.process.Nice;
import dev.c2a.process.StderrTail;

import dev.c2a.audio.Wav;
import dev.c2a.speech.PcmFormat;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code espeak-ng} process per call, its WAV written to a scratch file. why a file and not a
 * pipe: through a pipe each 4 KB espeak-ng writes wakes the reading worker, which (at normal priority)
 * preempts the niced engine; a file costs the JVM one read of the finished audio.
 */
final class CommandLineCalls implements EspeakCalls {
    private final String binary;
    private final Deadlines deadlines;

    CommandLineCalls(String binary, Deadlines deadlines) {
        this.binary = binary;
        this.deadlines = deadlines;
    }

    @Override
    public PcmFormat speak(SpeechRequest request, OutputStream pcm) throws SpeechException {
        Path wav;
        try {
            wav = Files.createTempFile("c2a-espeak-", ".wav");
        } catch (IOException e) {
            throw new SpeechException("cannot create a scratch file for espeak-ng: " + e.getMessage(), null, true);
        }
        try {
            run(request, wav);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(wav), 1 << 16)) {
                PcmFormat format = Wav.readHeader(in);
                in.transferTo(pcm);
                return format;
            }
        } catch (IOException e) {
            throw new SpeechException("cannot read espeak-ng's audio: " + e.getMessage(), null, true);
        } finally {
            try {
                Files.deleteIfExists(wav);
            } catch (IOException ignored) {
                // a scratch file left in the temporary directory costs disk, not correctness
            }
        }
    }

    private void run(SpeechRequest request, Path wav) throws SpeechException {
        List<String> command = new ArrayList<>(Nice.PREFIX);
        command.addAll(List.of(binary, "-w", wav.toString(), "-b", "1", "-v", request.voice().id(),
                "-s", Integer.toString(EspeakCalls.wordsPerMinute(request.speed()))));
        if (request.ssml()) {
            command.add("-m");
        }
        Process process;
        try {
            process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new SpeechException("cannot start espeak-ng: " + e.getMessage(), null, true);
        }
        StderrTail stderr = new StderrTail(process.getErrorStream());
        try (Deadlines.Armed deadline = deadlines.arm(request.deadline(), process::destroyForcibly);
             AutoCloseable onCancel = request.cancel().onFire(process::destroyForcibly)) {
            feed(process, request.text());
            int exit = process.waitFor();
            String errors = stderr.textAtEnd();
            if (exit != 0 || errors.startsWith("Error:") || deadline.passed() || request.cancel().fired()) {
                throw EspeakCalls.ended(request, deadline, errors, "espeak-ng failed (exit code " + exit + "): "
                        + lastLine(errors));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SpeechException("interrupted", null, true);
        } catch (SpeechException e) {
            throw e;
        } catch (Exception e) {
            process.destroyForcibly();
            throw new SpeechException("espeak-ng call failed: " + e.getMessage(), null, true);
        }
    }

    private static void feed(Process process, String text) {
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // the process died or was killed; its exit and stderr tell why
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }
}
