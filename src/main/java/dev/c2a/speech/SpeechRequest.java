package dev.c2a.speech;

import java.time.Duration;

/** One engine call: a batch of sentences, or a whole SSML document. */
public record SpeechRequest(String text, Voice voice, double speed, boolean ssml, Duration deadline,
                            CancelSignal cancel) {
}
