package dev.c2a.speech;

import dev.c2a.text.ScriptRuns;

import java.util.Optional;

/**
 * The one place that guesses a voice from the text it reads. The guess is by script and knows one
 * pair: text mostly in Han script wants a Chinese voice, and Latin-script text inside Chinese an
 * English one (the engines read each other's script badly or not at all). Anything else keeps the
 * voice it would have had; a voice or language the request names is never second-guessed here.
 */
public final class VoiceChoice {
    static final String CHINESE = "zh";
    static final String ENGLISH = "en";

    private VoiceChoice() {
    }

    /**
     * The language whose voice should read {@code text} instead of a voice of {@code language}; see
     * {@link #languageFor(boolean, String)}. A text is Chinese when most letters of its start are Han.
     */
    public static Optional<String> languageFor(String text, String language) {
        return languageFor(text != null && ScriptRuns.mostlyChinese(text), language);
    }

    /**
     * The language whose voice should read text of one script (Chinese when {@code han}) instead of
     * a voice of {@code language}: Chinese for Han text unless {@code language} is Chinese; English
     * for other text when {@code language} is Chinese; else empty, and that voice reads it.
     *
     * @param language the language of the voice that would read the text; null when none is chosen
     */
    public static Optional<String> languageFor(boolean han, String language) {
        boolean chinese = Languages.covers(CHINESE, language);
        if (han && !chinese) {
            return Optional.of(CHINESE);
        }
        return !han && chinese ? Optional.of(ENGLISH) : Optional.empty();
    }
}
