package dev.c2a.speech.espeak;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;

import java.io.OutputStream;

/** How the engine runs espeak-ng: {@link ResidentCalls} or {@link CommandLineCalls}. */
interface EspeakCalls extends AutoCloseable {
    int NORMAL_WPM = 175;

    PcmFormat speak(SpeechRequest request, OutputStream pcm) throws SpeechException;

    @Override
    default void close() {
    }

    /** Maps speed (1.0 = normal) to espeak-ng's words per minute, inside the range it accepts. */
    static int wordsPerMinute(double speed) {
        return (int) Math.round(Math.max(80, Math.min(450, NORMAL_WPM * speed)));
    }
}
