package dev.c2a.text;

import java.util.regex.Pattern;

/** Regular-expression rewrites shared by the language normalisers. */
final class Rules {
    static final Pattern URL = Pattern.compile("\\b(?:https?://|www\\.)[^\\s<>\"'()]+[^\\s<>\"'().,;:!?]");
    static final Pattern EMAIL = Pattern.compile("\\b[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+\\b");

    private Rules() {
    }

    /** A URL by its host, without "www.": "https://www.example.com/a?b" → "example dot com". */
    static String host(String url, String dot) {
        String rest = url.replaceFirst("^(?i)(https?://)?(www\\.)?", "");
        String host = rest.split("[/?#:]", 2)[0];
        return host.replace(".", " " + dot + " ");
    }

    static String email(String address, String at, String dot) {
        String[] parts = address.split("@", 2);
        return parts[0].replace(".", " " + dot + " ") + " " + at + " " + parts[1].replace(".", " " + dot + " ");
    }
}
