package dev.c2a.captions;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.c2a.json.Json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes WebVTT, SRT and JSON captions as cues arrive, so a book's captions are never all in memory.
 * The JSON adds each cue's character range in the original content, and the chapters.
 */
public final class CaptionWriter implements AutoCloseable {
    private final BufferedWriter vtt;
    private final BufferedWriter srt;
    private final JsonGenerator json;
    private boolean finished;

    public CaptionWriter(Path vttFile, Path srtFile, Path jsonFile) throws IOException {
        this.vtt = Files.newBufferedWriter(vttFile, StandardCharsets.UTF_8);
        this.srt = Files.newBufferedWriter(srtFile, StandardCharsets.UTF_8);
        this.json = Json.MAPPER.getFactory().createGenerator(Files.newBufferedWriter(jsonFile, StandardCharsets.UTF_8));
        vtt.write("WEBVTT\n\n");
        json.writeStartObject();
        json.writeArrayFieldStart("cues");
    }

    /** A chapter: its title and span, in milliseconds. */
    public record ChapterSpan(String title, long startMillis, long endMillis) {
    }

    public void cue(Cue c) throws IOException {
        String text = c.text().replaceAll("\\s+", " ").strip();
        vtt.write(c.index() + "\n" + time(c.startMillis(), '.') + " --> " + time(c.endMillis(), '.') + "\n"
                + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "\n\n");
        srt.write(c.index() + "\n" + time(c.startMillis(), ',') + " --> " + time(c.endMillis(), ',') + "\n"
                + text + "\n\n");
        json.writeStartObject();
        json.writeNumberField("index", c.index());
        json.writeNumberField("start", c.startMillis() / 1000.0);
        json.writeNumberField("end", c.endMillis() / 1000.0);
        json.writeStringField("text", text);
        json.writeNumberField("chapter", c.chapter());
        json.writeObjectFieldStart("source");
        if (c.source() != null) {
            json.writeStringField("file", c.source());
        }
        json.writeNumberField("start", c.sourceStart());
        json.writeNumberField("end", c.sourceEnd());
        json.writeEndObject();
        json.writeEndObject();
    }

    public void finish(List<ChapterSpan> chapters, long durationMillis) throws IOException {
        json.writeEndArray();
        json.writeArrayFieldStart("chapters");
        for (ChapterSpan ch : chapters) {
            json.writeStartObject();
            json.writeStringField("title", ch.title());
            json.writeNumberField("start", ch.startMillis() / 1000.0);
            json.writeNumberField("end", ch.endMillis() / 1000.0);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("duration", durationMillis / 1000.0);
        json.writeEndObject();
        finished = true;
        close();
    }

    static String time(long millis, char separator) {
        long h = millis / 3_600_000;
        long m = millis / 60_000 % 60;
        long s = millis / 1000 % 60;
        return String.format("%02d:%02d:%02d%c%03d", h, m, s, separator, millis % 1000);
    }

    @Override
    public void close() {
        try (vtt; srt; json) {
            if (!finished) {
                json.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
