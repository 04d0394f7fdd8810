package dev.c2a.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.c2a.content.Document;
import dev.c2a.content.MappedText;
import dev.c2a.speech.Voice;
import dev.c2a.text.AlignedText;

import java.util.List;

/**
 * What a job will say, chapter by chapter: its steps are produced lazily by the {@link Planner},
 * so a book's plan costs no more memory than its text.
 *
 * @param sentences     sentences with something to say
 * @param characters    their characters as written
 * @param silenceMillis the silence the pauses between them will make
 */
public record Plan(Document document, List<ChapterPlan> chapters, int sentences, long characters,
                   long silenceMillis) {

    /** A chapter's title and a way to walk its steps. */
    public record ChapterPlan(String title, String source, Iterable<Step> steps) {
    }

    /**
     * A sentence as written ({@code text}, with its range in the original content) and what is
     * spoken for it: one piece per script run, each normalised for its voice's language. A pause
     * step (SSML {@code <break>}) has no pieces.
     */
    public record Step(String text, int sourceStart, int sourceEnd, List<Piece> pieces, int pauseAfterMillis) {
        public boolean pause() {
            return pieces.isEmpty();
        }
    }

    /**
     * Text for one engine call, the voice that speaks it, and where its characters came from:
     * {@code spoken} maps them into {@code written}, the text of the block the sentence is in, where
     * the sentence begins at {@code sentenceStart}.
     */
    public record Piece(Voice voice, @JsonIgnore AlignedText spoken, @JsonIgnore MappedText written,
                        @JsonIgnore int sentenceStart) {
        @JsonProperty
        public String text() {
            return spoken.text();
        }

        /**
         * The range {@code {start, end}} in the original content (absolute, as {@link Step#sourceStart})
         * of the spoken characters {@code [spokenStart, spokenEnd)}: a word the engine reports finds the
         * characters it was read from, all of "$3.50" for any word of "three dollars and fifty cents".
         * {-1, -1} where the content does not know (text a reader made up).
         */
        public int[] sourceRange(int spokenStart, int spokenEnd) {
            int[] inBlock = spoken.inputRange(spokenStart, spokenEnd);
            return written.sourceRange(inBlock[0], inBlock[1]);
        }

        /**
         * The range {@code {start, end}} in its sentence's text ({@link Step#text}) of the spoken
         * characters {@code [spokenStart, spokenEnd)}: where a caption shows the word being spoken.
         */
        public int[] textRange(int spokenStart, int spokenEnd) {
            int[] inBlock = spoken.inputRange(spokenStart, spokenEnd);
            return new int[] {inBlock[0] - sentenceStart, inBlock[1] - sentenceStart};
        }
    }
}
