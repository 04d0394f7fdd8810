package dev.c2a.captions;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.c2a.json.Json;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;

/** Renders the stored captions JSON as WebVTT or SRT, streaming cue by cue. */
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
                        String text = escape ? c.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                                : c.text;
                        out.write(c.index + "\n" + time(c.start, separator) + " --> " + time(c.end, separator) + "\n"
                                + text + "\n\n");
                    }
                    return;
                }
            }
        }
    }

    private record Cue(int index, double start, double end, String text) {
    }

    private static Cue cue(JsonParser p) throws IOException {
        int index = 0;
        double start = 0;
        double end = 0;
        String text = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "index" -> index = p.getIntValue();
                case "start" -> start = p.getDoubleValue();
                case "end" -> end = p.getDoubleValue();
                case "text" -> text = p.getText();
                default -> p.skipChildren();
            }
        }
        return new Cue(index, start, end, text);
    }

    static String time(double seconds, char separator) {
        long millis = Math.round(seconds * 1000);
        return String.format("%02d:%02d:%02d%c%03d", millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60,
                separator, millis % 1000);
    }
}
