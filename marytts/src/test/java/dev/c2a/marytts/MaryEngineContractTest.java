package dev.c2a.marytts;

import dev.c2a.speech.SpeechEngineContract;

/** The real MaryTTS, in this JVM, against the rules every engine keeps (what is its own: {@link MaryEngineTest}). */
class MaryEngineContractTest extends SpeechEngineContract<MaryEngine> {
    @Override
    protected MaryEngine start() throws Exception {
        return new MaryEngine();
    }

    @Override
    protected String englishVoice() {
        return MaryEngine.VOICE;
    }
}
