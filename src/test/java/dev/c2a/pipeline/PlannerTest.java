package dev.c2a.pipeline;

import dev.c2a.content.ContentReaders;
import dev.c2a.content.Content;
import dev.c2a.content.ReadingPolicy;
import dev.c2a.job.ContentType;
import dev.c2a.job.JobOptions;
import dev.c2a.speech.Voice;
import dev.c2a.speech.espeak.EspeakEngine;
import dev.c2a.text.Lexicon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlannerTest {
    static EspeakEngine engine;
    static Planner planner;
    static final ContentReaders READERS = new ContentReaders(1 << 20, 10 << 20);

    @BeforeAll
    static void open() {
        engine = EspeakEngine.start(true);
        planner = new Planner(engine, Lexicon.EMPTY);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static List<Plan.Step> steps(String text, String voice) {
        Voice v = engine.voice(voice).orElseThrow();
        Plan plan = planner.plan(READERS.read(ContentType.PLAIN, Content.text(text),
                ReadingPolicy.of(JobOptions.DEFAULTS)), v, JobOptions.DEFAULTS);
        List<Plan.Step> out = new ArrayList<>();
        plan.chapters().forEach(c -> c.steps().forEach(out::add));
        assertThat(plan.sentences()).isEqualTo(out.stream().filter(s -> !s.pause()).count());
        return out;
    }

    private static String en() {
        return engine.voice("en").orElseThrow().id();
    }

    @Test
    void one_sentence_is_one_step_with_one_piece() {
        List<Plan.Step> steps = steps("One short sentence.", "en");
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0).pieces()).hasSize(1);
        assertThat(steps.get(0).sourceStart()).isZero();
        assertThat(steps.get(0).sourceEnd()).isEqualTo(19);
    }

    @Test
    void chinese_inside_english_is_spoken_by_the_mandarin_voice_and_the_reverse() {
        List<Plan.Step> steps = steps("I said 你好世界 to everyone.", "en");
        assertThat(steps.get(0).pieces()).extracting(p -> p.voice().id())
                .containsExactly(en(), "cmn-latn-pinyin", en());
        List<Plan.Step> zh = steps("我喜欢 Java 编程。", "zh");
        assertThat(zh.get(0).pieces()).extracting(p -> p.voice().id())
                .containsExactly("cmn-latn-pinyin", en(), "cmn-latn-pinyin");
    }

    @Test
    void paragraphs_end_with_the_paragraph_pause_and_sentences_with_the_sentence_pause() {
        List<Plan.Step> steps = steps("First one. Second one.\n\nNew paragraph.", "en");
        assertThat(steps).extracting(Plan.Step::pauseAfterMillis).containsExactly(250, 600, 600);
        assertThat(steps.get(2).sourceStart()).isEqualTo(24);
    }

    @Test
    void an_overlong_sentence_is_split_at_spaces_below_the_limit() {
        String words = "word ".repeat(300).strip();
        List<Plan.Step> steps = steps(words, "en");
        assertThat(steps).hasSizeGreaterThan(1).allSatisfy(s -> assertThat(s.text().length())
                .isLessThanOrEqualTo(Planner.MAX_SENTENCE_CHARS));
        assertThat(String.join(" ", steps.stream().map(Plan.Step::text).toList())).isEqualTo(words);
    }
}
