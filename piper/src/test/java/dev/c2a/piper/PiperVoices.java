package dev.c2a.piper;

import dev.c2a.config.EngineSettings;
import dev.c2a.config.SpeechSettings;
import dev.c2a.speech.EngineContext;
import dev.c2a.testing.TestEngines;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * The test voice (test resources, voices/: Piper's architecture with random weights, see its
 * README): copied into a directory of the test's, and an engine context that names it.
 */
final class PiperVoices {
    static final String VOICE = "piper-random-tiny";

    private PiperVoices() {
    }

    /** {@code dir} with the test voice's two files in it. */
    static Path copyInto(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String file : List.of(VOICE + ".onnx", VOICE + ".onnx.json")) {
                try (InputStream in = PiperVoices.class.getResourceAsStream("/voices/" + file)) {
                    Files.copy(in, dir.resolve(file));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EngineContext context(Path voices, String... keyValues) {
        Map<String, String> keys = new java.util.TreeMap<>();
        keys.put("voices", voices.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            keys.put(keyValues[i], keyValues[i + 1]);
        }
        return new EngineContext("piper", new EngineSettings("piper", keys, Map.of()),
                new SpeechSettings(List.of("piper"), Map.of(), null), InstantSource.system(), voices.resolve("data"),
                TestEngines.DEADLINES);
    }
}
