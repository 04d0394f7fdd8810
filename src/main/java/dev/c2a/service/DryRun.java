package dev.c2a.service;

import dev.c2a.content.Document;
import dev.c2a.job.JobSpec;
import dev.c2a.pipeline.Plan;

import java.util.ArrayList;
import java.util.List;

/**
 * What a job would say, for a person to read: each sentence as written and as it will be spoken,
 * by which voice, with the pause after it. Long content shows its first {@value #MAX_SENTENCES}
 * sentences and says it was cut.
 */
public record DryRun(String contentType, String title, String author, String language, String voice,
                     int sentences, boolean truncated, List<ChapterView> chapters) {
    static final int MAX_SENTENCES = 2000;

    public record ChapterView(String title, String source, List<SentenceView> sentences) {
    }

    /** A sentence, or a pause (text empty, no pieces). {@code source} is its range in the original content. */
    public record SentenceView(String text, int[] source, List<Plan.Piece> spoken, int pauseAfterMillis) {
    }

    static DryRun of(JobSpec spec, Plan plan) {
        Document doc = plan.document();
        List<ChapterView> chapters = new ArrayList<>();
        int shown = 0;
        boolean truncated = false;
        for (Plan.ChapterPlan ch : plan.chapters()) {
            if (shown >= MAX_SENTENCES) {
                truncated = true;
                break;
            }
            List<SentenceView> sentences = new ArrayList<>();
            for (Plan.Step step : ch.steps()) {
                if (shown++ >= MAX_SENTENCES) {
                    truncated = true;
                    break;
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
