package dev.c2a.text;

import java.util.Locale;

/** The normaliser for a language (BCP 47 tag or espeak-ng voice id); English rules for unknown ones. */
public final class Normalizers {
    private Normalizers() {
    }

    /**
     * This thread's normaliser for a language. Normalisers are not thread-safe (ICU's number
     * formatter is not) and cost about a millisecond to make, so each worker thread keeps its own.
     */
    public static Normalizer forLanguage(String language) {
        return PER_THREAD.get().computeIfAbsent(language == null ? "" : language, Normalizers::create);
    }

    private static final ThreadLocal<java.util.Map<String, Normalizer>> PER_THREAD =
            ThreadLocal.withInitial(java.util.HashMap::new);

    private static Normalizer create(String language) {
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
