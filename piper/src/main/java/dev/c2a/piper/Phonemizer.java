package dev.c2a.piper;

import dev.c2a.process.Nice;
import dev.c2a.process.StderrTail;
import dev.c2a.speech.Deadlines;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.WavCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A sentence's phonemes in espeak-ng's IPA, as Piper voices were trained on them: one
 * {@code espeak-ng -q --ipa} process per sentence (killed at the call's deadline or on cancel).
 * espeak-ng prints one line per clause and drops the punctuation; as Piper does, the clauses are
 * joined by a comma and a space, and the sentence ends with its own final mark ({@code .} when it
 * has none), since the voices' pauses and intonation follow those marks.
 */
final class Phonemizer {
    private static final String FINAL_MARKS = ".!?;:,";

    private final String program;
    private final Deadlines deadlines;

    Phonemizer(String program, Deadlines deadlines) {
        this.program = program;
        this.deadlines = deadlines;
    }

    /** The phonemes of {@code sentence} in espeak-ng's voice {@code espeakVoice}; empty when it says nothing. */
    String phonemes(String sentence, String espeakVoice, SpeechRequest request, Duration left) throws SpeechException {
        List<String> command = new ArrayList<>(Nice.PREFIX);
        command.addAll(List.of(program, "-q", "--ipa", "-v", espeakVoice, "--stdin"));
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new SpeechException("cannot start espeak-ng for Piper's phonemes (" + program + "): "
                    + e.getMessage(), null, true);
        }
        StderrTail stderr = new StderrTail(process.getErrorStream());
        try (Deadlines.Armed deadline = deadlines.arm(left, process::destroyForcibly);
             AutoCloseable onCancel = request.cancel().onFire(process::destroyForcibly)) {
            try (OutputStream in = process.getOutputStream()) {
                in.write(sentence.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process died or was killed; its exit and stderr tell why
            }
            String lines;
            try (InputStream out = process.getInputStream()) {
                lines = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            int exit = process.waitFor();
            if (exit != 0 || deadline.passed() || request.cancel().fired()) {
                throw WavCommand.ended("piper", request, deadline, stderr.textAtEnd(),
                        "espeak-ng failed making Piper's phonemes (exit code " + exit + ")");
            }
            return join(lines, sentence);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SpeechException("interrupted", null, true);
        } catch (SpeechException e) {
            throw e;
        } catch (Exception e) {
            process.destroyForcibly();
            throw new SpeechException("espeak-ng failed making Piper's phonemes: " + e.getMessage(), null, true);
        }
    }

    /** The clauses espeak-ng printed, one a line, joined as Piper joins them. */
    static String join(String lines, String sentence) {
        List<String> clauses = lines.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (clauses.isEmpty()) {
            return "";
        }
        String trimmed = sentence.strip();
        char last = trimmed.isEmpty() ? '.' : trimmed.charAt(trimmed.length() - 1);
        String end = FINAL_MARKS.indexOf(last) >= 0 && last != ',' ? String.valueOf(last) : ".";
        return String.join(", ", clauses) + end;
    }
}
