package dev.c2a.pipeline;

import dev.c2a.content.Block;
import dev.c2a.content.Chapter;
import dev.c2a.content.Document;
import dev.c2a.job.JobOptions;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.Voice;
import dev.c2a.speech.VoiceChoice;
import dev.c2a.text.AlignedText;
import dev.c2a.text.Lexicon;
import dev.c2a.text.Normalizer;
import dev.c2a.text.Normalizers;
import dev.c2a.text.ScriptRuns;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a read document into a {@link Plan}: sentences (ICU, abbreviations kept together, over-long
 * ones split at a space), each split into script runs spoken by a voice of their language (Chinese
 * in an English text by the Mandarin voice, and the reverse), normalised and run through the
 * lexicon, with the pause its boundary calls for.
 */
public final class Planner {
    static final int MAX_SENTENCE_CHARS = 400;

    private final SpeechEngine engine;
    private final Lexicon globalLexicon;
    private final ConcurrentHashMap<String, Segmenter> segmenters = new ConcurrentHashMap<>();

    public Planner(SpeechEngine engine, Lexicon globalLexicon) {
        this.engine = engine;
        this.globalLexicon = globalLexicon;
    }

    public Plan plan(Document document, Voice voice, JobOptions options) {
        String language = options.language() != null ? options.language() : voice.language();
        Segmenter segmenter = segmenters.computeIfAbsent(language, Segmenter::new);
        Voices voices = Voices.of(voice, engine);
        Lexicon lexicon = new Lexicon(options.lexiconOrEmpty()).then(globalLexicon);
        JobOptions.Pauses pauses = options.pausesOrDefault();
        boolean normalize = options.normalizeOrDefault();
        List<Plan.ChapterPlan> chapters = new ArrayList<>();
        // sentences, characters and silence are counted up front, so progress has a total and a job
        // whose pauses alone would outgrow its audio budget is refused at once; segmenting costs far
        // less than speaking
        Totals totals = new Totals();
        for (Chapter ch : document.chapters()) {
            chapters.add(new Plan.ChapterPlan(ch.title(), ch.source(),
                    () -> new Steps(ch, segmenter, voices, lexicon, pauses, normalize, engine)));
            for (Block b : ch.blocks()) {
                if (b.kind() == Block.Kind.PAUSE) {
                    totals.pause(b.pauseMillis());
                } else {
                    totals.block(segmenter, b.text().text(), pauses.sentence(),
                            b.kind() == Block.Kind.HEADING ? pauses.heading() : pauses.paragraph());
                }
            }
            totals.pause(pauses.chapter());
        }
        return new Plan(document, chapters, totals.sentences, totals.characters, totals.silenceMillis);
    }

    /**
     * What the steps will add up to, counted as {@code Timeline} lays pauses out: a pause waits for
     * the next speech, the longest of those in a row wins, and the last one is never written.
     */
    private static final class Totals {
        int sentences;
        long characters;
        long silenceMillis;
        private long pending;

        void block(Segmenter segmenter, String text, int sentencePause, int blockPause) {
            boolean any = false;
            for (Segmenter.Sentence s : segmenter.sentences(text)) {
                for (int[] part : split(text, s.start(), s.end())) {
                    if (!speakable(text, part[0], part[1])) {
                        continue;
                    }
                    sentences++;
                    characters += part[1] - part[0];
                    silenceMillis += pending;
                    pending = sentencePause;
                    any = true;
                }
            }
            if (any) {
                pending = blockPause;
            }
        }

        void pause(int millis) {
            pending = Math.max(pending, millis);
        }

        private static boolean speakable(String text, int start, int end) {
            for (int i = start; i < end; i++) {
                if (Character.isLetterOrDigit(text.charAt(i))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The voices for runs of Han script and of any other, chosen once per job from its voice; a
     * multilingual voice speaks both, in one piece per sentence.
     */
    private record Voices(Voice han, Voice other, boolean multilingual) {
        static Voices of(Voice main, SpeechEngine engine) {
            return engine.capabilities(main).multilingual() ? new Voices(main, main, true)
                    : new Voices(forRun(true, main, engine), forRun(false, main, engine), false);
        }

        /** The job's voice, unless the run's script calls for another language and the engine has a voice for it. */
        private static Voice forRun(boolean han, Voice main, SpeechEngine engine) {
            return VoiceChoice.languageFor(han, main.language()).flatMap(engine::voice).orElse(main);
        }

        Voice forRun(boolean hanRun) {
            return hanRun ? han : other;
        }
    }

    /**
     * Walks one chapter's blocks into steps, one sentence at a time: at most two steps exist at once
     * (the next, and the one after it, to know whether the next ends its block), however long the
     * block. A plain text without blank lines is one block of all its sentences.
     */
    private static final class Steps implements Iterator<Plan.Step> {
        private final Iterator<Block> blocks;
        private final Segmenter segmenter;
        private final Voices voices;
        private final Lexicon lexicon;
        private final JobOptions.Pauses pauses;
        private final boolean normalize;
        private final SpeechEngine engine;
        private final ArrayDeque<int[]> parts = new ArrayDeque<>();
        private Block block;
        private String text;
        private Iterator<Segmenter.Sentence> sentences;
        private Plan.Step peeked;
        private Plan.Step ahead;

        Steps(Chapter chapter, Segmenter segmenter, Voices voices, Lexicon lexicon, JobOptions.Pauses pauses,
              boolean normalize, SpeechEngine engine) {
            this.engine = engine;
            this.blocks = chapter.blocks().iterator();
            this.segmenter = segmenter;
            this.voices = voices;
            this.lexicon = lexicon;
            this.pauses = pauses;
            this.normalize = normalize;
        }

        @Override
        public boolean hasNext() {
            if (ahead == null) {
                ahead = advance();
            }
            return ahead != null;
        }

        @Override
        public Plan.Step next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Plan.Step step = ahead;
            ahead = null;
            return step;
        }

        private Plan.Step advance() {
            while (true) {
                Plan.Step step = nextInBlock();
                if (step != null) {
                    return step;
                }
                if (!blocks.hasNext()) {
                    return null;
                }
                Block b = blocks.next();
                if (b.kind() == Block.Kind.PAUSE) {
                    sentences = null;
                    return new Plan.Step("", -1, -1, List.of(), b.pauseMillis());
                }
                block = b;
                text = b.text().text();
                sentences = segmenter.sentences(text).iterator();
                parts.clear();
                peeked = null;
            }
        }

        /** The block's next sentence; its last one carries the block's pause. */
        private Plan.Step nextInBlock() {
            Plan.Step current = peeked != null ? peeked : sentence();
            peeked = null;
            if (current == null) {
                return null;
            }
            peeked = sentence();
            if (peeked == null) {
                int pause = block.kind() == Block.Kind.HEADING ? pauses.heading() : pauses.paragraph();
                current = new Plan.Step(current.text(), current.sourceStart(), current.sourceEnd(), current.pieces(),
                        pause);
            }
            return current;
        }

        /** The next sentence (or part of an over-long one) with something to say; null at the block's end. */
        private Plan.Step sentence() {
            while (true) {
                if (parts.isEmpty()) {
                    if (sentences == null || !sentences.hasNext()) {
                        return null;
                    }
                    Segmenter.Sentence s = sentences.next();
                    parts.addAll(split(text, s.start(), s.end()));
                }
                int[] part = parts.removeFirst();
                String sentence = text.substring(part[0], part[1]);
                List<Plan.Piece> pieces = pieces(sentence, part[0]);
                if (!pieces.isEmpty()) {
                    int[] source = block.text().sourceRange(part[0], part[1]);
                    return new Plan.Step(sentence, source[0], source[1], pieces, pauses.sentence());
                }
            }
        }

        /**
         * The sentence's pieces; {@code start} is where it begins in its block's text. A multilingual
         * voice speaks the sentence whole; any other gets its script runs, each for a voice of its language.
         */
        private List<Plan.Piece> pieces(String sentence, int start) {
            List<Plan.Piece> pieces = new ArrayList<>(1);
            List<ScriptRuns.Run> runs = voices.multilingual() ? List.of(new ScriptRuns.Run(sentence, 0, false))
                    : ScriptRuns.split(sentence);
            for (ScriptRuns.Run run : runs) {
                Voice voice = voices.forRun(run.han());
                // a multilingual voice's sentence is read by the rules of its own language: "3" in a mostly
                // Chinese sentence is 三, not "three"
                String language = voices.multilingual() && ScriptRuns.mostlyChinese(sentence) ? "zh" : voice.language();
                Normalizer normalizer = normalize ? Normalizers.forLanguage(language) : Normalizer.NONE;
                AlignedText written = AlignedText.of(run.text(), start + run.start());
                AlignedText spoken = engine.prepare(lexicon.apply(written, normalizer).strip(), voice);
                if (spoken.text().chars().anyMatch(Character::isLetterOrDigit)) {
                    pieces.add(new Plan.Piece(voice, spoken, block.text(), start));
                }
            }
            return pieces;
        }
    }

    /** A sentence over the limit, split at the last space before it. */
    static List<int[]> split(String text, int start, int end) {
        List<int[]> parts = new ArrayList<>(1);
        while (end - start > MAX_SENTENCE_CHARS) {
            int cut = start + MAX_SENTENCE_CHARS;
            int space = cut;
            while (space > start + MAX_SENTENCE_CHARS / 2 && !Character.isWhitespace(text.charAt(space))) {
                space--;
            }
            cut = space > start + MAX_SENTENCE_CHARS / 2 ? space : cut;
            parts.add(new int[] {start, cut});
            start = cut;
            while (start < end && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
        }
        if (end > start) {
            parts.add(new int[] {start, end});
        }
        return parts;
    }
}
