package dev.c2a.speech;

/** A voice an engine offers. {@code gender} is "male", "female" or null when unknown. */
public record Voice(String id, String language, String name, String gender) {
}
