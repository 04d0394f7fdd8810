package dev.c2a.speech;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Optional;

/** BCP 47 language tags: their canonical spelling, and which tags a requested one covers. */
public final class Languages {
    private Languages() {
    }

    /** The tag in its canonical case ("en-us" → "en-US", "cmn-latn-pinyin" → "cmn-Latn-pinyin"), if well formed. */
    public static Optional<String> canonical(String tag) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag.trim().replace('_', '-')).build();
            String canonical = locale.toLanguageTag();
            return canonical.equals("und") ? Optional.empty() : Optional.of(canonical);
        } catch (IllformedLocaleException e) {
            return Optional.empty();
        }
    }

    /**
     * A well-formed tag for an engine's language id: its canonical form, else its longest well-formed
     * start with the rest as private use (espeak-ng's "en-us-nyc" → "en-US-x-nyc").
     */
    public static String tagOf(String id) {
        Optional<String> whole = canonical(id);
        if (whole.isPresent()) {
            return whole.get();
        }
        String[] parts = id.split("[-_]");
        for (int n = parts.length - 1; n > 0; n--) {
            String head = String.join("-", java.util.Arrays.copyOfRange(parts, 0, n));
            String rest = String.join("-", java.util.Arrays.copyOfRange(parts, n, parts.length));
            Optional<String> tag = canonical(head + "-x-" + rest);
            if (tag.isPresent()) {
                return tag.get();
            }
        }
        return id;
    }

    /**
     * Whether a request for {@code requested} is served by a voice of {@code language}: the same tag
     * or a more specific one ("en" covers "en-US", not the reverse). Mandarin ("cmn") is Chinese ("zh").
     */
    public static boolean covers(String requested, String language) {
        if (requested == null || language == null) {
            return false;
        }
        String r = macro(requested.toLowerCase(Locale.ROOT).replace('_', '-'));
        String l = macro(language.toLowerCase(Locale.ROOT));
        return l.equals(r) || l.startsWith(r + "-");
    }

    private static String macro(String tag) {
        if (tag.equals("cmn") || tag.startsWith("cmn-")) {
            return "zh" + tag.substring(3);
        }
        return tag.startsWith("zh-cmn") ? "zh" + tag.substring(6) : tag;
    }
}
