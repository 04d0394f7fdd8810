package dev.c2a.pipeline;

import dev.c2a.content.Document;
import dev.c2a.speech.Voice;

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

    /** Text for one engine call, and the voice that speaks it. */
    public record Piece(Voice voice, String text) {
    }
}
