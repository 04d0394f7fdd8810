package dev.c2a.piper;

import dev.c2a.speech.SpeechEngineContract;

import java.nio.file.Files;

/** The Piper engine, with the random-weight test voice, against the rules every engine keeps. */
class PiperEngineContractTest extends SpeechEngineContract<PiperEngine> {
    @Override
    protected PiperEngine start() throws Exception {
        return (PiperEngine) new PiperProvider().create(PiperVoices.context(
                PiperVoices.copyInto(Files.createTempDirectory("piper-voices"))));
    }

    @Override
    protected String englishVoice() {
        return PiperVoices.VOICE;
    }
}
