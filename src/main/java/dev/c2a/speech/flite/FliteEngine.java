package dev.c2a.speech.flite;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.process.ProgramOutput;
import dev.c2a.speech.Deadlines;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;
import dev.c2a.speech.WavCommand;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CMU flite (Debian package {@code flite}): English only, better at expanding English text than
 * espeak-ng, about 100× real time. One process per call; its voices are compiled into the binary,
 * so a call starts in milliseconds. Only voices flite lists are ever passed to it: it would
 * otherwise load a voice from any path or URL it is given.
 */
public final class FliteEngine implements SpeechEngine {
    /** What flite's voice names do not say; listed best first, so "en" finds slt. */
    private static final Map<String, Voice> KNOWN = Map.of(
            "slt", new Voice("slt", "en-US", "slt (CMU Arctic, US English)", "female", 16_000),
            "rms", new Voice("rms", "en-US", "rms (CMU Arctic, US English)", "male", 16_000),
            "awb", new Voice("awb", "en-GB-scotland", "awb (CMU Arctic, Scottish English)", "male", 16_000),
            "kal16", new Voice("kal16", "en-US", "kal16 (diphone, US English)", "male", 16_000),
            "kal", new Voice("kal", "en-US", "kal (diphone, US English, 8 kHz)", "male", 8_000));
    private static final List<String> ORDER = List.of("slt", "rms", "awb", "kal16", "kal");

    private final String binary;
    private final String version;
    private final List<Voice> voices;
    private final WavCommand command;

    private FliteEngine(String binary, String version, List<Voice> voices, Deadlines deadlines) {
        this.binary = binary;
        this.version = version;
        this.voices = voices;
        this.command = new WavCommand("flite", deadlines);
    }

    /**
     * Finds flite and its voices; fails with the install command if it does not run.
     *
     * @param binary    the flite program: a name looked up on PATH, or a path
     * @param deadlines where calls arm their deadlines (not closed by the engine)
     */
    public static FliteEngine start(String binary, Deadlines deadlines) {
        try {
            String banner = ProgramOutput.of(binary, "--version").text();
            String listing = ProgramOutput.of(binary, "-lv").text();
            String version = banner.replaceAll("(?s).*?version: flite-([0-9.]+).*", "$1").trim();
            return new FliteEngine(binary, version.length() > 12 ? "unknown" : version, parse(listing), deadlines);
        } catch (IOException e) {
            throw new IllegalStateException("flite is not installed or cannot run (" + e.getMessage()
                    + "); install it with: sudo apt-get install -y flite", e);
        }
    }

    /** "Voices available: kal awb_time kal16 awb rms slt": awb_time speaks only clock times, and is left out. */
    static List<Voice> parse(String listing) {
        String names = listing.replaceAll("(?s).*Voices available:", "").trim();
        List<String> listed = Arrays.stream(names.split("\\s+")).filter(n -> !n.isEmpty() && !n.endsWith("_time"))
                .map(n -> n.toLowerCase(Locale.ROOT)).toList();
        List<Voice> found = new ArrayList<>();
        ORDER.stream().filter(listed::contains).forEach(n -> found.add(KNOWN.get(n)));
        listed.stream().filter(n -> !KNOWN.containsKey(n)).forEach(n -> found.add(new Voice(n, "en", n, null)));
        return List.copyOf(found);
    }

    @Override
    public String name() {
        return "flite";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public List<Voice> voices() {
        return voices;
    }

    @Override
    public int concurrencyLimit() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public PcmFormat synthesize(SpeechRequest request, OutputStream pcm) throws SpeechException {
        SpeechException.refuseBlank(request.text());
        String voice = request.voice().id();
        if (voices.stream().noneMatch(v -> v.id().equals(voice))) {
            throw new SpeechException("flite has no voice '" + voice + "'", null, false);
        }
        String stretch = String.format(Locale.ROOT, "%.3f", 1.0 / Math.max(0.25, Math.min(4.0, request.speed())));
        return command.speak(request, request.text(), wav -> List.of(binary, "-voice", voice,
                "--setf", "duration_stretch=" + stretch, "-f", "/dev/stdin", "-o", wav.toString()), pcm);
    }
}
