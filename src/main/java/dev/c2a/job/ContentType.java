package dev.c2a.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What a job's content is, by media type. Only EPUB is binary; the rest arrive as text. */
public enum ContentType {
    PLAIN("text/plain"),
    MARKDOWN("text/markdown"),
    HTML("text/html"),
    SSML("application/ssml+xml"),
    EPUB("application/epub+zip");

    private static final Map<String, ContentType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(ContentType::mediaType, t -> t));
    private static final Map<String, ContentType> ALIASES = Map.ofEntries(
            Map.entry("text", PLAIN), Map.entry("txt", PLAIN), Map.entry("plain", PLAIN),
            Map.entry("markdown", MARKDOWN), Map.entry("md", MARKDOWN), Map.entry("text/x-markdown", MARKDOWN),
            Map.entry("html", HTML), Map.entry("htm", HTML), Map.entry("application/xhtml+xml", HTML),
            Map.entry("xhtml", HTML), Map.entry("ssml", SSML), Map.entry("epub", EPUB));

    private final String mediaType;

    ContentType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public boolean binary() {
        return this == EPUB;
    }

    /**
     * A media type (parameters such as {@code ; charset=utf-8} ignored), or a short name or file
     * extension such as "md".
     *
     * @throws IllegalArgumentException naming the supported types
     */
    public static ContentType of(String name) {
        String key = name == null ? "" : name.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        ContentType t = BY_NAME.getOrDefault(key, ALIASES.get(key));
        if (t == null) {
            throw new IllegalArgumentException("'" + name + "' is not a supported content type; supported: "
                    + Arrays.stream(values()).map(ContentType::mediaType).collect(Collectors.joining(", ")));
        }
        return t;
    }
}
