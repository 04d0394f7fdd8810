package dev.c2a.service;

import dev.c2a.content.Document;
import dev.c2a.job.JobSpec;
import dev.c2a.pipeline.Plan;

import java.util.ArrayList;
import java.util.List;

/**
 * What a job would say, for a person to read: each sentence as written and as it will be spoken,
 * by which voice, with the pause after it. Long content shows its first {@value #MAX_SENTENCES}
 * sentences, and at most about {@value #MAX_CHARS} characters of text, and says it was cut. why:
 * normalising can make a sentence many times longer (digits read out), and a 1 MB dry run once
 * answered with 77 MB.
 */
public record DryRun(String contentType, String title, String author, String language, String voice,
                     int sentences, boolean truncated, List<ChapterView> chapters) {
    static final int MAX_SENTENCES = 2000;
    static final int MAX_CHARS = 1 << 19;

    public record ChapterView(String title, String source, List<SentenceView> sentences) {
    }

    /** A sentence, or a pause (text empty, no pieces). {@code source} is its range in the original content. */
    public record SentenceView(String text, int[] source, List<Plan.Piece> spoken, int pauseAfterMillis) {
    }

    static DryRun of(JobSpec spec, Plan plan) {
        Document doc = plan.document();
        List<ChapterView> chapters = new ArrayList<>();
        int shown = 0;
        long chars = 0;
        boolean truncated = false;
        for (Plan.ChapterPlan ch : plan.chapters()) {
            if (shown >= MAX_SENTENCES || chars >= MAX_CHARS) {
                truncated = true;
                break;
            }
            List<SentenceView> sentences = new ArrayList<>();
            for (Plan.Step step : ch.steps()) {
                if (shown++ >= MAX_SENTENCES || chars >= MAX_CHARS) {
                    truncated = true;
                    break;
                }
                chars += step.text().length();
                for (Plan.Piece piece : step.pieces()) {
                    chars += piece.text().length() + 100;
                }
                sentences.add(new SentenceView(step.text(), new int[] {step.sourceStart(), step.sourceEnd()},
                        step.pieces(), step.pauseAfterMillis()));
            }
            chapters.add(new ChapterView(ch.title(), ch.source(), sentences));
        }
        return new DryRun(spec.contentType().mediaType(), doc.title(), doc.author(), doc.language(), spec.voice(),
                plan.sentences(), truncated, chapters);
    }
}
