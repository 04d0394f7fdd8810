package dev.c2a.speech.espeak;

import dev.c2a.testing.TestEngines;
import dev.c2a.pcm.PcmFormat;
import dev.c2a.pcm.Silence;
import dev.c2a.speech.Utterance;
import dev.c2a.speech.Voice;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ResidentEspeakEngineTest extends EspeakEngineContract {
    @Override
    protected EspeakEngine start() {
        return EspeakEngine.start(true, "espeak-ng", null, TestEngines.DEADLINES);
    }

    @Test
    void the_build_has_the_resident_helper_and_uses_it() {
        assertThat(engine.resident()).as("src/main/c/c2a-espeak.c built into the jar (needs gcc, libespeak-ng-dev)")
                .isTrue();
    }

    @Test
    void speaks_the_same_audio_as_the_espeak_ng_command_line() throws Exception {
        EspeakEngine cli = EspeakEngine.start(false, "espeak-ng", null, TestEngines.DEADLINES);
        try {
            for (String voice : new String[] {"en-us", "cmn-latn-pinyin"}) {
                Voice v = engine.voice(voice).orElseThrow();
                String text = voice.startsWith("cmn") ? "你好，世界。" : "The same words, the same voice.";
                ByteArrayOutputStream resident = new ByteArrayOutputStream();
                ByteArrayOutputStream commandLine = new ByteArrayOutputStream();
                engine.synthesize(request(text, v, 1.0), resident);
                cli.synthesize(request(text, v, 1.0), commandLine);
                assertThat(resident.toByteArray()).as(voice).isEqualTo(commandLine.toByteArray());
            }
        } finally {
            cli.close();
        }
    }

    @Test
    void a_paragraph_call_gives_each_text_its_own_audio_and_words_as_if_spoken_alone() throws Exception {
        Voice v = engine.voice("en-us").orElseThrow();
        List<String> texts = List.of("Hello there, this is the first sentence.", "It costs three dollars and fifty cents.",
                "Chapter One", "The end came quickly, as it always does.");

        List<Utterance> paragraph = engine.synthesizeAll(texts, request("", v, 1.0));

        assertThat(paragraph).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            Utterance u = paragraph.get(i);
            ByteArrayOutputStream alone = new ByteArrayOutputStream();
            PcmFormat format = engine.synthesize(request(text, v, 1.0), alone);
            assertThat(u.format()).isEqualTo(format);
            // the trims leave each text's own speech: the same length, within a few milliseconds
            double spoken = millis(Silence.trim(u.pcm(), format), format);
            assertThat(spoken).as(text).isCloseTo(millis(Silence.trim(alone.toByteArray(), format), format),
                    within(40.0));
            List<String> words = u.words().stream().map(w -> text.substring(w.start(), w.end())).toList();
            assertThat(String.join(" ", words).replaceAll("[,.]", "")).as("its words, in order")
                    .isEqualTo(text.replaceAll("[,.]", ""));
            assertThat(u.words()).extracting(Utterance.Word::millis).isSorted()
                    .allSatisfy(ms -> assertThat(ms).isBetween(0L, (long) millis(u.pcm(), format)));
            assertThat(u.words().get(0).millis()).as("speech begins at the cut").isLessThan(50);
        }
    }

    private static double millis(byte[] pcm, PcmFormat format) {
        return pcm.length / 2.0 / format.channels() * 1000 / format.sampleRate();
    }
}
