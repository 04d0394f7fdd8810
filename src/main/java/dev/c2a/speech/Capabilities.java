package dev.c2a.speech;

/**
 * What one engine can do with one of its voices, as the planner and the catalog need to know it.
 * (Not SSML: c2a reads SSML content itself and speaks its text with every engine alike, so no
 * engine's own SSML would be used; espeak-ng's is, only by the tests of the engine.)
 *
 * @param wordTimings  a call reports when each word begins, so captions get word cues
 * @param multilingual the voice speaks any language it is given in one voice: c2a does not cut a
 *                     sentence into script runs (Han, Latin) for voices of their languages
 * @param maxInput     the most characters the engine gives what speaks in one request (it splits a
 *                     longer text into requests of at most this), or null when it speaks any length at once
 */
public record Capabilities(boolean wordTimings, boolean multilingual, Integer maxInput) {
    /** No word times, one language per voice: what an engine that says nothing more can do. */
    public static final Capabilities PLAIN = new Capabilities(false, false, null);

    public Capabilities withWordTimings(boolean wordTimings) {
        return new Capabilities(wordTimings, multilingual, maxInput);
    }
}
