package dev.c2a.speech.espeak;

import dev.c2a.testing.TestEngines;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineEspeakEngineTest extends EspeakEngineContract {
    @Override
    protected EspeakEngine start() {
        return EspeakEngine.start(false, "espeak-ng", null, TestEngines.DEADLINES);
    }

    @Test
    void runs_one_espeak_ng_process_per_call() {
        assertThat(engine.resident()).isFalse();
    }
}
