package dev.c2a.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScriptRunsTest {
    private static String joined(List<ScriptRuns.Run> runs) {
        return String.join("", runs.stream().map(ScriptRuns.Run::text).toList());
    }

    @Test
    void text_alternating_scripts_letter_by_letter_is_a_few_runs_not_one_per_letter() {
        String latinFirst = "a中b文".repeat(2_500);
        String hanFirst = "中a文b".repeat(2_500);
        String withPunctuation = "a1中，b2文、".repeat(1_250);
        for (String text : List.of(latinFirst, hanFirst, withPunctuation)) {
            List<ScriptRuns.Run> runs = ScriptRuns.split(text);
            assertThat(runs).as(text.substring(0, 12)).hasSizeLessThanOrEqualTo(2);
            assertThat(joined(runs)).isEqualTo(text);
        }
        assertThat(ScriptRuns.split(latinFirst).get(0).han()).isFalse();
        assertThat(ScriptRuns.split(hanFirst).get(0).han()).isTrue();
    }

    @Test
    void runs_of_three_letters_alternating_are_at_most_one_run_per_three_letters() {
        String text = "abc中文字".repeat(1_000);
        assertThat(ScriptRuns.split(text)).hasSizeLessThanOrEqualTo(text.length() / 3);
    }

    @Test
    void a_latin_word_in_chinese_keeps_its_own_run() {
        assertThat(ScriptRuns.split("我用 Java 写代码")).containsExactly(new ScriptRuns.Run("我用", 0, true),
                new ScriptRuns.Run("Java", 3, false), new ScriptRuns.Run("写代码", 8, true));
        assertThat(ScriptRuns.split("I said 你好世界 to everyone.")).containsExactly(
                new ScriptRuns.Run("I said", 0, false), new ScriptRuns.Run("你好世界", 7, true),
                new ScriptRuns.Run("to everyone.", 12, false));
    }

    @Test
    void a_run_under_three_letters_between_runs_of_the_other_script_joins_them() {
        assertThat(ScriptRuns.split("我用 C 写代码"))
                .containsExactly(new ScriptRuns.Run("我用 C 写代码", 0, true));
        assertThat(ScriptRuns.split("Say 好 twice"))
                .containsExactly(new ScriptRuns.Run("Say 好 twice", 0, false));
    }

    @Test
    void a_short_run_at_either_end_keeps_its_script() {
        assertThat(ScriptRuns.split("好 is good")).containsExactly(new ScriptRuns.Run("好", 0, true),
                new ScriptRuns.Run("is good", 2, false));
        assertThat(ScriptRuns.split("写代码 C")).containsExactly(new ScriptRuns.Run("写代码", 0, true),
                new ScriptRuns.Run("C", 4, false));
    }
}
