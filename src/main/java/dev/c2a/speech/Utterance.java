package dev.c2a.speech;

import dev.c2a.pcm.PcmFormat;

import java.util.List;

/**
 * One text's speech out of a call that spoke several: its PCM (an array of its own, which the
 * receiver may change), and the words the engine reported (empty when the engine reports none),
 * with character ranges in that text and times in this PCM.
 */
public record Utterance(PcmFormat format, byte[] pcm, List<Word> words) {

    /** A spoken word: {@code [start, end)} in the text as it was sent, beginning {@code millis} into the PCM. */
    public record Word(int start, int end, long millis) {
    }
}
