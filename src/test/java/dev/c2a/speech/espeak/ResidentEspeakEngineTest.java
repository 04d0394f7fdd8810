package dev.c2a.speech.espeak;

import dev.c2a.speech.Voice;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class ResidentEspeakEngineTest extends EspeakEngineContract {
    @Override
    protected EspeakEngine start() {
        return EspeakEngine.start(true);
    }

    @Test
    void the_build_has_the_resident_helper_and_uses_it() {
        assertThat(engine.resident()).as("src/main/c/c2a-espeak.c built into the jar (needs gcc, libespeak-ng-dev)")
                .isTrue();
    }

    @Test
    void speaks_the_same_audio_as_the_espeak_ng_command_line() throws Exception {
        EspeakEngine cli = EspeakEngine.start(false);
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
}
