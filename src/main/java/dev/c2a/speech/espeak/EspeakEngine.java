package dev.c2a.speech.espeak;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.process.ProgramOutput;
import dev.c2a.speech.Deadlines;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Utterance;
import dev.c2a.speech.Voice;
import dev.c2a.text.PinyinText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * espeak-ng in subprocesses, in one of two modes. Resident (the default when the {@code c2a-espeak}
 * helper was built into this jar): each call borrows a helper process that loaded espeak-ng once,
 * which halves the CPU of a short call. Command line (the fallback, or engine {@code espeak-ng-cli}):
 * one {@code espeak-ng} process per call. Either way a call that outlives its deadline, or whose job
 * is cancelled, is killed, and its process with it.
 */
public final class EspeakEngine implements SpeechEngine {
    private static final Logger LOG = LoggerFactory.getLogger(EspeakEngine.class);

    private final String version;
    private final EspeakVoices voices;
    private final Deadlines deadlines;
    private final EspeakCalls calls;

    private EspeakEngine(String version, EspeakVoices voices, Deadlines deadlines, EspeakCalls calls) {
        this.version = version;
        this.voices = voices;
        this.deadlines = deadlines;
        this.calls = calls;
    }

    /**
     * Finds espeak-ng and reads its version and voices; fails with the install command if missing.
     *
     * @param resident  use the resident helper when this jar has one (else the command line)
     * @param program   the espeak-ng program: a name looked up on PATH, or a path
     * @param helper    a {@code c2a-espeak} helper to use instead of the jar's, or null
     * @param deadlines where calls arm their deadlines (not closed by the engine)
     */
    public static EspeakEngine start(boolean resident, String program, String helper, Deadlines deadlines) {
        String binary = resolve(program);
        String banner = output(binary, "--version");
        String listing = output(binary, "--voices");
        helper = !resident ? null : helper != null ? helper : ResidentHelper.extract();
        if (resident && helper == null) {
            LOG.info("espeak-ng runs one process per call: this build has no c2a-espeak helper"
                    + " (it needs gcc and libespeak-ng-dev when built)");
        }
        EspeakCalls calls = helper != null ? new ResidentCalls(helper, deadlines)
                : new CommandLineCalls(binary, deadlines);
        String version = banner.replaceAll("(?s).*?(\\d+\\.\\d+(\\.\\d+)?).*", "$1").trim();
        return new EspeakEngine(version, new EspeakVoices(listing), deadlines, calls);
    }

    /**
     * The espeak-ng {@code program} found and run once: its absolute path, for callers that run it
     * per call themselves (Piper's phonemes). Fails with the install command if it cannot run.
     */
    public static String runnable(String program) {
        String binary = resolve(program);
        output(binary, "--version");
        return binary;
    }

    private static String output(String binary, String option) {
        try {
            return ProgramOutput.of(binary, option).ok();
        } catch (IOException e) {
            throw new IllegalStateException("espeak-ng is not installed or cannot run as " + binary + " ("
                    + e.getMessage() + "); install it with: sudo apt-get install -y espeak-ng", e);
        }
    }

    /** The absolute path, found once: a bare name makes every call search PATH (several failed execs). */
    private static String resolve(String binary) {
        if (binary.contains("/")) {
            return binary;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, binary);
            if (Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath().toString();
            }
        }
        return binary;
    }

    @Override
    public String name() {
        return "espeak-ng";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public List<Voice> voices() {
        return voices.all();
    }

    @Override
    public Optional<Voice> voice(String requested) {
        return voices.find(requested);
    }

    /** Chinese for the pinyin voice goes as pinyin, its polyphones read by the word (see {@link PinyinText}). */
    @Override
    public String prepare(String text, Voice voice) {
        return voice.id().equals(EspeakVoices.MANDARIN) ? PinyinText.of(text) : text;
    }

    /** Only the resident helper forwards espeak-ng's word events; the command line has none to give. */
    @Override
    public boolean wordTimings() {
        return resident();
    }

    /** True when calls go to resident helpers rather than one espeak-ng process each. */
    public boolean resident() {
        return calls instanceof ResidentCalls;
    }

    @Override
    public int concurrencyLimit() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public PcmFormat synthesize(SpeechRequest request, OutputStream pcm) throws SpeechException {
        // why here: the command line given no text writes no WAV at all, which read as a retryable failure
        SpeechException.refuseBlank(request.text());
        return calls.speak(request, pcm);
    }

    /** With the resident helper, one call for all the texts, with their words; else one call each. */
    @Override
    public List<Utterance> synthesizeAll(List<String> texts, SpeechRequest request) throws SpeechException {
        if (calls instanceof ResidentCalls resident) {
            Optional<List<Utterance>> spoken = resident.speakAll(texts, request);
            if (spoken.isPresent()) {
                return spoken.get();
            }
        }
        return SpeechEngine.super.synthesizeAll(texts, request);
    }

    /** Deadlines still scheduled: only calls in flight should have one. */
    int pendingDeadlines() {
        return deadlines.pending();
    }

    @Override
    public void close() {
        calls.close();
    }
}
