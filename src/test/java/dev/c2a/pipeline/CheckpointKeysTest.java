package dev.c2a.pipeline;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.EngineSet;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;
import dev.c2a.testing.ToneEngine;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A checkpoint's key names what made its audio, and nothing else: one engine and voice, not the set. */
class CheckpointKeysTest {
    private static final List<String> TEXTS = List.of("One sentence.", "And another.");

    /** An engine that never speaks here: only its name and version matter to a key. */
    private record Named(String name, String version) implements SpeechEngine {
        @Override
        public List<Voice> voices() {
            return List.of(new Voice("en", "en", "Named", null), new Voice("en-2", "en", "Named too", null));
        }

        @Override
        public int concurrencyLimit() {
            return 1;
        }

        @Override
        public PcmFormat synthesize(SpeechRequest request, OutputStream pcm) {
            throw new UnsupportedOperationException("not spoken in this test");
        }
    }

    private static String key(EngineSet set, String voice, double speed, List<String> texts) throws Exception {
        return Paragraphs.key(set, set.voice(voice).orElseThrow(), speed, texts);
    }

    @Test
    void adding_or_upgrading_another_engine_keeps_the_keys_of_this_one() throws Exception {
        EngineSet alone = new EngineSet(List.of(new ToneEngine()), Map.of());
        EngineSet withAnother = new EngineSet(List.of(new ToneEngine(), new Named("other", "1")), Map.of());
        EngineSet anotherUpgraded = new EngineSet(List.of(new Named("other", "2"), new ToneEngine()), Map.of());

        String before = key(alone, "tone:en", 1.0, TEXTS);
        assertThat(key(withAnother, "tone:en", 1.0, TEXTS)).isEqualTo(before);
        assertThat(key(anotherUpgraded, "tone:en", 1.0, TEXTS)).isEqualTo(before);
    }

    @Test
    void the_engines_version_the_voice_the_speed_and_every_text_change_the_key() throws Exception {
        EngineSet v1 = new EngineSet(List.of(new Named("same", "1")), Map.of());
        EngineSet v2 = new EngineSet(List.of(new Named("same", "2")), Map.of());
        String key = key(v1, "same:en", 1.0, TEXTS);

        assertThat(key(v2, "same:en", 1.0, TEXTS)).as("engine upgraded").isNotEqualTo(key);
        assertThat(key(v1, "same:en", 1.25, TEXTS)).as("speed").isNotEqualTo(key);
        assertThat(key(v1, "same:en", 1.0, List.of("One sentence.", "And another one."))).as("a text")
                .isNotEqualTo(key);
        assertThat(key(v1, "same:en-2", 1.0, TEXTS)).as("another voice of the engine").isNotEqualTo(key);
        assertThat(key(new EngineSet(List.of(new ToneEngine()), Map.of()), "tone:en", 1.0, TEXTS)).as("another engine")
                .isNotEqualTo(key);
    }
}
