package dev.c2a.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.c2a.codec.DurationText;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a job's content becomes audio, beyond voice, format and speed. Every field is optional; the
 * accessors named {@code …OrDefault} give the value in force. Validated by {@code validation.JobValidator}.
 *
 * @param language     BCP 47 hint for normalising numbers and dates ("en", "zh"); else the voice's
 * @param code         code blocks: "skip", "announce" (says "code omitted") or "read"
 * @param tables       tables: same choices
 * @param images       images: "skip", "announce", or "read" their alternative text
 * @param chapters     "auto" (EPUB: markers; otherwise none), "none", "markers" (one file with chapter
 *                     marks) or "files" (one file per chapter and an M3U playlist)
 * @param chapterLevel headings of this level or higher start a chapter in Markdown and HTML
 * @param pauses       silence at boundaries, in milliseconds
 * @param loudness     integrated loudness target in LUFS (EBU R128), e.g. -16; none when null
 * @param sampleRate   output sample rate in Hz; the engine's when null
 * @param bitrate      lossy formats' bitrate in kbit/s
 * @param lexicon      words spoken as given, or as phonemes, before the global lexicon
 * @param normalize    false speaks the text as written (no number or abbreviation expansion)
 * @param ttl          how long the job and its files are kept once it has finished ("7d", "12h"), instead
 *                     of the {@code retention} setting; as the producer wrote it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobOptions(String language, String code, String tables, String images, String chapters,
                         Integer chapterLevel, Pauses pauses, Double loudness, Integer sampleRate, Integer bitrate,
                         List<LexiconEntry> lexicon, Boolean normalize, String title, String author, String album,
                         String ttl) {

    public static final JobOptions DEFAULTS = new JobOptions(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null);

    /** Milliseconds of silence after a sentence, a paragraph, a heading and a chapter. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pauses(Integer sentence, Integer paragraph, Integer heading, Integer chapter) {
        public static final Pauses DEFAULTS = new Pauses(250, 600, 900, 1800);

        public Pauses withDefaults() {
            return new Pauses(Objects.requireNonNullElse(sentence, DEFAULTS.sentence),
                    Objects.requireNonNullElse(paragraph, DEFAULTS.paragraph),
                    Objects.requireNonNullElse(heading, DEFAULTS.heading),
                    Objects.requireNonNullElse(chapter, DEFAULTS.chapter));
        }
    }

    /** A word and what to say instead: other words ({@code say}) or engine phonemes ({@code phonemes}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LexiconEntry(String word, String say, String phonemes) {
    }

    public String codeOrDefault() {
        return Objects.requireNonNullElse(code, "announce");
    }

    public String tablesOrDefault() {
        return Objects.requireNonNullElse(tables, "read");
    }

    public String imagesOrDefault() {
        return Objects.requireNonNullElse(images, "read");
    }

    public String chaptersOrDefault() {
        return Objects.requireNonNullElse(chapters, "auto");
    }

    public int chapterLevelOrDefault() {
        return Objects.requireNonNullElse(chapterLevel, 1);
    }

    public Pauses pausesOrDefault() {
        return pauses == null ? Pauses.DEFAULTS : pauses.withDefaults();
    }

    public int bitrateOrDefault(int fallback) {
        return Objects.requireNonNullElse(bitrate, fallback);
    }

    public boolean normalizeOrDefault() {
        return !Boolean.FALSE.equals(normalize);
    }

    public List<LexiconEntry> lexiconOrEmpty() {
        return lexicon == null ? List.of() : lexicon;
    }

    /** The {@code ttl} option as a duration; empty when the job keeps to the {@code retention} setting. */
    public Optional<Duration> ttlDuration() {
        return ttl == null ? Optional.empty() : Optional.of(DurationText.parse(ttl));
    }

    @JsonIgnore
    public boolean isDefault() {
        return equals(DEFAULTS);
    }
}
