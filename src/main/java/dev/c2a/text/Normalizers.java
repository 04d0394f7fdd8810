package dev.c2a.text;

import java.util.Locale;

/** The normaliser for a language (BCP 47 tag or espeak-ng voice id); English rules for unknown ones. */
public final class Normalizers {
    private Normalizers() {
    }

    /** A new normaliser; it is not thread-safe, so each job run makes its own. */
    public static Normalizer forLanguage(String language) {
        String l = language == null ? "" : language.toLowerCase(Locale.ROOT);
        if (isChinese(l)) {
            return new ChineseNormalizer();
        }
        if (l.isEmpty() || l.startsWith("en")) {
            return new EnglishNormalizer();
        }
        return Normalizer.NONE;
    }

    public static boolean isChinese(String language) {
        String l = language == null ? "" : language.toLowerCase(Locale.ROOT);
        return l.startsWith("zh") || l.startsWith("cmn") || l.equals("chinese") || l.equals("mandarin");
    }
}
