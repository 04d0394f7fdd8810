package dev.c2a.pipeline;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SegmenterTest {
    private static List<String> split(String language, String text) {
        List<String> out = new ArrayList<>();
        for (Segmenter.Sentence s : new Segmenter(language).sentences(text)) {
            out.add(text.substring(s.start(), s.end()));
        }
        return out;
    }

    @Test
    void abbreviations_do_not_end_a_sentence() {
        assertThat(split("en", "Dr. Smith met Mr. Jones on St. James street, e.g. near the park. Then they left!"))
                .containsExactly("Dr. Smith met Mr. Jones on St. James street, e.g. near the park.", "Then they left!");
    }

    @Test
    void chinese_full_stops_exclamation_and_question_marks_split() {
        assertThat(split("cmn", "你好。今天天气很好！你呢？"))
                .containsExactly("你好。", "今天天气很好！", "你呢？");
    }

    @Test
    void blank_runs_yield_no_sentences_and_white_space_is_trimmed() {
        assertThat(split("en", "  \n\n  ")).isEmpty();
        assertThat(split("en", "  One.   Two.  ")).containsExactly("One.", "Two.");
        assertThat(new Segmenter("en").count("One. Two. Three.")).isEqualTo(3);
    }
}
