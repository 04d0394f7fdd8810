package dev.c2a.speech.espeak;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineEspeakEngineTest extends EspeakEngineContract {
    @Override
    protected EspeakEngine start() {
        return EspeakEngine.start(false);
    }

    @Test
    void runs_one_espeak_ng_process_per_call() {
        assertThat(engine.resident()).isFalse();
    }
}
