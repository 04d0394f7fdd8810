package dev.c2a.piper;

import dev.c2a.speech.Deadlines;
import dev.c2a.speech.EngineProcess;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    private final EngineProcess process;

    Phonemizer(String program, Deadlines deadlines) {
        this.program = program;
        this.process = new EngineProcess("espeak-ng (Piper's phonemes)", deadlines);
    }

    /** The phonemes of {@code sentence} in espeak-ng's voice {@code espeakVoice}; empty when it says nothing. */
    String phonemes(String sentence, String espeakVoice, SpeechRequest request, Duration left) throws SpeechException {
        byte[] lines = process.run(request, left, sentence,
                List.of(program, "-q", "--ipa", "-v", espeakVoice, "--stdin"), true);
        return join(new String(lines, StandardCharsets.UTF_8), sentence);
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
