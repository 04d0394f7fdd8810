package dev.c2a.speech;

/**
 * A voice an engine offers. {@code language} is a BCP 47 tag; {@code gender} is "male", "female"
 * or null when unknown; {@code sampleRate} is what the engine speaks at (0 when it is not known
 * before speaking).
 */
public record Voice(String id, String language, String name, String gender, int sampleRate) {
    public Voice(String id, String language, String name, String gender) {
        this(id, language, name, gender, 0);
    }

    /** This voice under another id (the catalog's {@code engine:voice}). */
    public Voice withId(String newId) {
        return new Voice(newId, language, name, gender, sampleRate);
    }
}
