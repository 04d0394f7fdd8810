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
    /**
     * A few sentences' captions; a listing of jobs reads them with each row, so they stay small. With
     * word times a sentence's cue takes about 1.5 kB (it took 0.2 kB without), so a 200-character
     * text's captions (4.2 kB on average) would otherwise cost a second stored file per job.
     */
    public static final int INLINE_LIMIT = 8192;

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
        Collapsed text = Collapsed.of(c.text());
        json.writeStartObject();
        json.writeNumberField("index", c.index());
        json.writeNumberField("start", c.startMillis() / 1000.0);
        json.writeNumberField("end", c.endMillis() / 1000.0);
        json.writeStringField("text", text.text());
        json.writeNumberField("chapter", c.chapter());
        json.writeObjectFieldStart("source");
        if (c.source() != null) {
            json.writeStringField("file", c.source());
        }
        json.writeNumberField("start", c.sourceStart());
        json.writeNumberField("end", c.sourceEnd());
        json.writeEndObject();
        if (!c.words().isEmpty()) {
            json.writeArrayFieldStart("words");
            for (Cue.Word w : c.words()) {
                json.writeStartObject();
                json.writeNumberField("start", w.startMillis() / 1000.0);
                json.writeNumberField("end", w.endMillis() / 1000.0);
                json.writeStringField("spoken", w.spoken());
                json.writeArrayFieldStart("text");
                json.writeNumber(text.position(w.textStart()));
                json.writeNumber(text.position(w.textEnd()));
                json.writeEndArray();
                json.writeObjectFieldStart("source");
                json.writeNumberField("start", w.sourceStart());
                json.writeNumberField("end", w.sourceEnd());
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    /** A cue's text with its runs of white space made one space and its ends stripped, and where each character went. */
    private record Collapsed(String text, int[] positions) {
        static Collapsed of(String raw) {
            StringBuilder out = new StringBuilder(raw.length());
            int[] positions = new int[raw.length() + 1];
            boolean space = false;
            for (int i = 0; i < raw.length(); i++) {
                positions[i] = out.length();
                char ch = raw.charAt(i);
                if (Character.isWhitespace(ch)) {
                    space = !out.isEmpty();
                } else {
                    if (space) {
                        out.append(' ');
                        positions[i] = out.length();
                        space = false;
                    }
                    out.append(ch);
                }
            }
            positions[raw.length()] = out.length();
            return new Collapsed(out.toString(), positions);
        }

        /** Where raw position {@code i} is in the collapsed text; -1 stays -1. */
        int position(int i) {
            return i < 0 || i >= positions.length ? -1 : positions[i];
        }
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
