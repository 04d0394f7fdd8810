package dev.c2a.pipeline;

import dev.c2a.job.Sha256;
import dev.c2a.pcm.Mono;
import dev.c2a.pcm.PcmFormat;
import dev.c2a.pcm.Silence;
import dev.c2a.speech.CancelSignal;
import dev.c2a.speech.EngineSet;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Utterance;
import dev.c2a.speech.Voice;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Speaks a run of sentences a paragraph at a time: the pieces of consecutive sentences that share a
 * voice go to the engine in one call ({@link EngineSet#synthesizeAll}), which saves an engine start
 * per sentence. Each piece's audio is then trimmed and levelled on its own, exactly as a piece spoken
 * alone, and checkpointed under its group's key: a resumed job speaks whole groups again, the same
 * groups as before (they depend on the plan only), so it sounds the same as a run that was never
 * interrupted.
 */
final class Paragraphs {
    /** A group ends before it would pass this many characters or pieces: a call's audio stays a few MB. */
    static final int MAX_CHARS = 1_000;
    static final int MAX_PIECES = 16;
    /** Changes when how a group is spoken changes, so checkpoints of the old way are not used. */
    private static final String KEY_VERSION = "group-2";

    private final EngineSet engine;
    private final Duration callDeadline;

    Paragraphs(EngineSet engine, Duration callDeadline) {
        this.engine = engine;
        this.callDeadline = callDeadline;
    }

    /**
     * A chapter's steps in batches of at most {@code maxPieces} pieces and {@link #MAX_CHARS}
     * characters (a longer step is a batch of its own), read as they are walked: a book's plan is
     * never all in memory.
     */
    static Iterable<List<Plan.Step>> batches(Iterable<Plan.Step> steps, int maxPieces) {
        return () -> new Iterator<>() {
            private final Iterator<Plan.Step> it = steps.iterator();
            private Plan.Step next = it.hasNext() ? it.next() : null;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public List<Plan.Step> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                List<Plan.Step> batch = new ArrayList<>();
                int pieces = 0;
                int chars = 0;
                do {
                    batch.add(next);
                    pieces += next.pieces().size();
                    chars += chars(next);
                    next = it.hasNext() ? it.next() : null;
                } while (next != null && pieces + next.pieces().size() <= maxPieces
                        && chars + chars(next) <= MAX_CHARS);
                return batch;
            }
        };
    }

    private static int chars(Plan.Step step) {
        return step.pieces().stream().mapToInt(p -> p.text().length()).sum();
    }

    /**
     * The audio of every piece of {@code steps}, in order: each run of consecutive pieces with the
     * same voice is one engine call (or its checkpoints, when {@code saved} is not null).
     */
    List<Checkpoints.Segment> speak(List<Plan.Step> steps, double speed, CancelSignal cancel, Checkpoints.Run saved)
            throws SpeechException, JobPipeline.StoppedException, IOException {
        List<Plan.Piece> pieces = steps.stream().flatMap(s -> s.pieces().stream()).toList();
        List<Checkpoints.Segment> out = new ArrayList<>(pieces.size());
        int from = 0;
        while (from < pieces.size()) {
            Voice voice = pieces.get(from).voice();
            int to = from + 1;
            while (to < pieces.size() && pieces.get(to).voice().id().equals(voice.id())) {
                to++;
            }
            out.addAll(group(pieces.subList(from, to), voice, speed, cancel, saved));
            from = to;
        }
        return out;
    }

    private List<Checkpoints.Segment> group(List<Plan.Piece> pieces, Voice voice, double speed, CancelSignal cancel,
                                            Checkpoints.Run saved)
            throws SpeechException, JobPipeline.StoppedException, IOException {
        List<String> texts = pieces.stream().map(Plan.Piece::text).toList();
        String key = saved == null ? null : key(engine, voice, speed, texts);
        if (key != null) {
            Optional<List<Checkpoints.Segment>> loaded = load(saved, key, texts.size());
            if (loaded.isPresent()) {
                return loaded.get();
            }
        }
        List<Checkpoints.Segment> segments = spoken(texts, voice, speed, cancel);
        if (key != null) {
            for (int i = 0; i < segments.size(); i++) {
                saved.save(pieceKey(key, i), segments.get(i));
            }
        }
        return segments;
    }

    /**
     * {@code texts} spoken now, in one engine call where the engine can, each as its own segment;
     * a failure after the cancel signal fired is the stop it caused.
     */
    List<Checkpoints.Segment> spoken(List<String> texts, Voice voice, double speed, CancelSignal cancel)
            throws SpeechException, JobPipeline.StoppedException {
        if (cancel.fired()) {
            throw new JobPipeline.StoppedException(cancel.reason());
        }
        try {
            return engine.synthesizeAll(texts, new SpeechRequest("", voice, speed, false, callDeadline, cancel))
                    .stream().map(Paragraphs::segment).toList();
        } catch (SpeechException e) {
            if (cancel.fired()) {
                throw new JobPipeline.StoppedException(cancel.reason());
            }
            throw e;
        }
    }

    /**
     * An utterance as a segment: mixed down to {@link Mono}, the engine's silence trimmed, the level
     * brought to the common {@link SpeechLevel}, its words' times moved with the trim.
     */
    private static Checkpoints.Segment segment(Utterance u) {
        PcmFormat format = Mono.of(u.format());
        byte[] mono = Mono.of(u.pcm(), u.format());
        int[] kept = Silence.kept(mono, format);
        long trimmedMillis = (long) kept[0] * 1000 / format.sampleRate();
        // the utterance's PCM is this call's own (Utterance says so), so the level is set in place
        byte[] pcm = Silence.cut(mono, kept);
        List<Utterance.Word> words = u.words().stream().map(w -> new Utterance.Word(w.start(), w.end(),
                Math.max(0, w.millis() - trimmedMillis))).toList();
        return new Checkpoints.Segment(format, SpeechLevel.normalize(pcm, format.sampleRate()), words);
    }

    private static Optional<List<Checkpoints.Segment>> load(Checkpoints.Run saved, String key, int count) {
        List<Checkpoints.Segment> loaded = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Optional<Checkpoints.Segment> s = saved.load(pieceKey(key, i));
            if (s.isEmpty()) {
                return Optional.empty();
            }
            // why mixed down here too: a checkpoint saved before speech became mono may hold more channels
            Checkpoints.Segment segment = s.get();
            loaded.add(new Checkpoints.Segment(Mono.of(segment.format()), Mono.of(segment.pcm(), segment.format()),
                    segment.words()));
        }
        return Optional.of(loaded);
    }

    private static String pieceKey(String groupKey, int index) {
        return Sha256.of(null, groupKey, Integer.toString(index));
    }

    /**
     * What makes a group's audio: the voice's engine and its version, the voice, the speed and every
     * text of the group. Not the whole set of engines: adding one would lose every job's checkpoints.
     */
    static String key(EngineSet engines, Voice voice, double speed, List<String> texts) throws SpeechException {
        List<String> parts = new ArrayList<>(List.of(KEY_VERSION, engines.engineOf(voice), voice.id(),
                Double.toString(speed)));
        parts.addAll(texts);
        return Sha256.of(null, parts.toArray(String[]::new));
    }
}
