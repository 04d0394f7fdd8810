package dev.c2a.speech.noop;

import dev.c2a.speech.SpeechEngineContract;

/** The stand-in engine keeps the contract too, so tests that use it see what a real engine would do. */
class NoopEngineTest extends SpeechEngineContract<NoopEngine> {
    @Override
    protected NoopEngine start() {
        return new NoopEngine();
    }

    @Override
    protected String englishVoice() {
        return "en";
    }

    @Override
    protected boolean standIn() {
        return true;
    }
}
