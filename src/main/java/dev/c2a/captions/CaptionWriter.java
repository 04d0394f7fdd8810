package dev.c2a.captions;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.c2a.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a job's captions as JSON as cues arrive: each cue with its times and its character range
 * in the original content, then the chapters. Up to {@link #INLINE_LIMIT} characters they stay in
 * memory, for the ledger row (a short job then stores one file, its audio: each stored file costs a
 * sync when durability is fsync); beyond, they stream to a file, so a book's captions are never all
 * in memory. WebVTT and SRT are rendered from the JSON when asked for ({@link CaptionFormats}).
 */
public final class CaptionWriter implements AutoCloseable {
    /** A few sentences' captions; a listing of jobs reads them with each row, so they stay small. */
    public static final int INLINE_LIMIT = 2048;

    private final SpillWriter out;
    private final JsonGenerator json;
    private boolean finished;

    /** @param jsonFile where the captions go if they outgrow the inline limit */
    public CaptionWriter(Path jsonFile) throws IOException {
        this.out = new SpillWriter(jsonFile, INLINE_LIMIT);
        this.json = Json.MAPPER.getFactory().createGenerator(out);
        json.writeStartObject();
        json.writeArrayFieldStart("cues");
    }

    /** A chapter: its title and span, in milliseconds. */
    public record ChapterSpan(String title, long startMillis, long endMillis) {
    }

    public void cue(Cue c) throws IOException {
        String text = c.text().replaceAll("\\s+", " ").strip();
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

    /** After {@link #finish}: the captions JSON when it stayed in memory, else null (it is in the file). */
    public String inline() {
        return out.inMemory();
    }

    @Override
    public void close() {
        try (json) {
            if (!finished) {
                json.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
