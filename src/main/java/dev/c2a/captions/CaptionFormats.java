package dev.c2a.captions;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.c2a.json.Json;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the stored captions JSON as WebVTT or SRT, streaming cue by cue. WebVTT carries each
 * word's time inside its cue, as a timestamp before the word ({@code <00:00:01.200>word}), which
 * players use to highlight the word being spoken; SRT has no such thing.
 */
public final class CaptionFormats {
    private CaptionFormats() {
    }

    public static void vtt(Reader json, Writer out) throws IOException {
        out.write("WEBVTT\n\n");
        render(json, out, '.', true);
    }

    public static void srt(Reader json, Writer out) throws IOException {
        render(json, out, ',', false);
    }

    private static void render(Reader json, Writer out, char separator, boolean escape) throws IOException {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && "cues".equals(p.currentName())) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Cue c = cue(p);
                        String text = escape ? timed(c, separator) : c.text;
                        out.write(c.index + "\n" + time(c.start, separator) + " --> " + time(c.end, separator) + "\n"
                                + text + "\n\n");
                    }
                    return;
                }
            }
        }
    }

    private record Cue(int index, double start, double end, String text, List<Word> words) {
    }

    /** A word's start and where it was written in the cue's text. */
    private record Word(double start, int textStart) {
    }

    /** The cue's text, escaped, with a timestamp before each written word, at the first time it is spoken. */
    private static String timed(Cue c, char separator) {
        Map<Integer, Double> at = new TreeMap<>();
        for (Word w : c.words) {
            // a cue's first word needs no timestamp: the cue's own start says it
            if (w.textStart > 0 && w.textStart <= c.text.length() && w.start > c.start) {
                at.merge(w.textStart, w.start, Math::min);
            }
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (Map.Entry<Integer, Double> e : at.entrySet()) {
            out.append(escape(c.text.substring(from, e.getKey()))).append('<').append(time(e.getValue(), separator))
                    .append('>');
            from = e.getKey();
        }
        return out.append(escape(c.text.substring(from))).toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Cue cue(JsonParser p) throws IOException {
        int index = 0;
        double start = 0;
        double end = 0;
        String text = "";
        List<Word> words = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "index" -> index = p.getIntValue();
                case "start" -> start = p.getDoubleValue();
                case "end" -> end = p.getDoubleValue();
                case "text" -> text = p.getText();
                case "words" -> words(p, words);
                default -> p.skipChildren();
            }
        }
        return new Cue(index, start, end, text, words);
    }

    private static void words(JsonParser p, List<Word> out) throws IOException {
        while (p.nextToken() == JsonToken.START_OBJECT) {
            double start = 0;
            int textStart = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("start")) {
                    start = p.getDoubleValue();
                } else if (field.equals("text") && p.currentToken() == JsonToken.START_ARRAY) {
                    p.nextToken();
                    textStart = p.getIntValue();
                    p.skipChildren();
                    while (p.currentToken() != JsonToken.END_ARRAY) {
                        p.nextToken();
                    }
                } else {
                    p.skipChildren();
                }
            }
            out.add(new Word(start, textStart));
        }
    }

    static String time(double seconds, char separator) {
        long millis = Math.round(seconds * 1000);
        return String.format("%02d:%02d:%02d%c%03d", millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60,
                separator, millis % 1000);
    }
}
