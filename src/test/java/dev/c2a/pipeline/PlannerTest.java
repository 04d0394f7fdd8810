package dev.c2a.pipeline;

import dev.c2a.testing.TestEngines;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class PlannerTest {
    static EspeakEngine engine;
    static Planner planner;
    static final ContentReaders READERS = new ContentReaders(1 << 20, 10 << 20);

    @BeforeAll
    static void open() {
        engine = EspeakEngine.start(true, "espeak-ng", null, TestEngines.DEADLINES);
        planner = new Planner(engine, Lexicon.EMPTY);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static List<Plan.Step> steps(String text, String voice) {
        return steps(ContentType.PLAIN, text, voice);
    }

    private static List<Plan.Step> steps(ContentType type, String text, String voice) {
        Voice v = engine.voice(voice).orElseThrow();
        Plan plan = planner.plan(READERS.read(type, Content.text(text),
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

    /** Has an English and a Mandarin voice; the first speaks any language. */
    private record Polyglot() implements dev.c2a.speech.SpeechEngine {
        @Override
        public String name() {
            return "polyglot";
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public List<Voice> voices() {
            return List.of(new Voice("any", "en", "Any", null), new Voice("zh", "zh", "Mandarin", null));
        }

        @Override
        public dev.c2a.speech.Capabilities capabilities(Voice voice) {
            return new dev.c2a.speech.Capabilities(false, voice.id().equals("any"), null);
        }

        @Override
        public int concurrencyLimit() {
            return 1;
        }

        @Override
        public dev.c2a.pcm.PcmFormat synthesize(dev.c2a.speech.SpeechRequest request, java.io.OutputStream pcm) {
            throw new UnsupportedOperationException("only planned here");
        }
    }

    @Test
    void a_multilingual_voice_speaks_a_mixed_sentence_whole_and_one_voice_per_language_gets_its_runs() {
        Polyglot polyglot = new Polyglot();
        Planner plans = new Planner(polyglot, Lexicon.EMPTY);
        String text = "I said 你好世界 to everyone.";
        for (String voice : new String[] {"any", "zh"}) {
            Plan plan = plans.plan(READERS.read(ContentType.PLAIN, Content.text(text), ReadingPolicy.of(JobOptions.DEFAULTS)),
                    polyglot.voice(voice).orElseThrow(), JobOptions.DEFAULTS);
            List<Plan.Piece> pieces = plan.chapters().get(0).steps().iterator().next().pieces();
            if (voice.equals("any")) {
                assertThat(pieces).extracting(p -> p.voice().id(), p -> p.text()).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("any", text));
            } else {
                assertThat(pieces).extracting(p -> p.voice().id()).containsExactly("any", "zh", "any");
            }
        }
        Plan chinese = plans.plan(READERS.read(ContentType.PLAIN, Content.text("我有3个苹果。"),
                ReadingPolicy.of(JobOptions.DEFAULTS)), polyglot.voice("any").orElseThrow(), JobOptions.DEFAULTS);
        Plan.Piece whole = chinese.chapters().get(0).steps().iterator().next().pieces().get(0);
        assertThat(whole.voice().id()).isEqualTo("any");
        assertThat(whole.text()).as("read by Chinese rules, not English").contains("三").doesNotContain("three");
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

    /** Each spoken word and the original content it maps back to, "word=source", piece after piece. */
    private static List<String> wordSources(List<Plan.Step> steps, String content) {
        List<String> out = new ArrayList<>();
        for (Plan.Step step : steps) {
            for (Plan.Piece piece : step.pieces()) {
                Matcher word = WORD.matcher(piece.text());
                while (word.find()) {
                    int[] source = piece.sourceRange(word.start(), word.end());
                    out.add(word.group() + "=" + content.substring(source[0], source[1]));
                }
            }
        }
        return out;
    }

    private static final Pattern WORD = Pattern.compile("[^\\s,.;:!?]+");

    @Test
    void spoken_words_map_back_to_the_written_words_and_tokens_they_were_read_from() {
        String text = "First paragraph.\n\nDr. Smith paid $3.50 on 2024-03-15.";
        assertThat(wordSources(steps(text, "en"), text)).containsExactly("First=First", "paragraph=paragraph",
                "Doctor=Dr.", "Smith=Smith", "paid=paid", "three=$3.50", "dollars=$3.50", "and=$3.50",
                "fifty=$3.50", "cents=$3.50", "on=on", "March=2024-03-15", "fifteenth=2024-03-15",
                "twenty=2024-03-15", "twenty-four=2024-03-15");
    }

    @Test
    void chinese_spoken_as_pinyin_maps_back_to_its_run_and_the_english_around_it_word_by_word() {
        String text = "I said 你好世界 to everyone.";
        assertThat(wordSources(steps(text, "en"), text)).containsExactly("I=I", "said=said", "ni3=你好世界",
                "hao3=你好世界", "shi4=你好世界", "jie4=你好世界", "to=to", "everyone=everyone");
    }

    /** The reader maps a text node with a character reference as a whole, so "&amp;" has a node of its own here. */
    @Test
    void words_of_an_html_job_map_back_into_the_markup() {
        String html = "<html><body><p>Dr. <b>Smith</b> paid $3.50 <i>&amp;</i> left.</p></body></html>";
        assertThat(wordSources(steps(ContentType.HTML, html, "en"), html)).containsExactly("Doctor=Dr.",
                "Smith=Smith", "paid=paid", "three=$3.50", "dollars=$3.50", "and=$3.50", "fifty=$3.50",
                "cents=$3.50", "and=&amp;", "left=left");
    }

    @Test
    void words_of_a_markdown_job_map_back_into_the_markup() {
        String markdown = "# Notes\n\nMeet **Dr. Smith** at [10:30 am](https://example.org) today.\n";
        assertThat(wordSources(steps(ContentType.MARKDOWN, markdown, "en"), markdown)).containsExactly(
                "Notes=Notes", "Meet=Meet", "Doctor=Dr.", "Smith=Smith", "at=at", "ten=10:30 am",
                "thirty=10:30 am", "a=10:30 am", "m=10:30 am", "today=today");
    }
}
