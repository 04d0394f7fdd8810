package dev.c2a.text;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class AlignedTextTest {
    private static final Pattern DOLLARS = Pattern.compile("\\$(\\d+)");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /** The input characters the output characters {@code [from, to)} came from. */
    private static String source(String input, AlignedText text, int from, int to) {
        int[] range = text.inputRange(from, to);
        return input.substring(range[0], range[1]);
    }

    private static String source(String input, AlignedText text, String word) {
        int at = text.text().indexOf(word);
        return source(input, text, at, at + word.length());
    }

    @Test
    void a_replacement_maps_as_a_whole_to_its_match_and_other_characters_map_to_themselves() {
        String input = "Pay $5 now";
        AlignedText out = AlignedText.of(input).replace(DOLLARS, m -> "five dollars");
        assertThat(out.text()).isEqualTo("Pay five dollars now");
        assertThat(source(input, out, "five")).isEqualTo("$5");
        assertThat(source(input, out, "dollars")).isEqualTo("$5");
        assertThat(source(input, out, "e d")).isEqualTo("$5");
        assertThat(source(input, out, "Pay")).isEqualTo("Pay");
        assertThat(source(input, out, "now")).isEqualTo("now");
    }

    @Test
    void successive_rewrites_compose_so_ranges_always_point_into_the_first_input() {
        String input = "Issue #12 closed";
        AlignedText out = AlignedText.of(input).replace(Pattern.compile("#(\\d+)"), m -> "number " + m.group(1))
                .replace(DIGITS, m -> "twelve");
        assertThat(out.text()).isEqualTo("Issue number twelve closed");
        assertThat(source(input, out, "number")).isEqualTo("#12");
        assertThat(source(input, out, "twelve")).isEqualTo("#12");
        assertThat(source(input, out, "closed")).isEqualTo("closed");
    }

    @Test
    void a_range_over_replaced_and_kept_characters_is_the_union_of_theirs() {
        String input = "Pay $5 now";
        AlignedText out = AlignedText.of(input).replace(DOLLARS, m -> "five dollars");
        assertThat(source(input, out, "Pay five")).isEqualTo("Pay $5");
        assertThat(source(input, out, "dollars now")).isEqualTo("$5 now");
    }

    @Test
    void text_without_a_match_is_the_same_instance_and_needs_no_map() {
        AlignedText text = AlignedText.of("no digits here");
        assertThat(text.replace(DIGITS, m -> "x")).isSameAs(text);
        assertThat(text.rewrite("no digits here")).isSameAs(text);
        assertThat(text.inputRange(3, 9)).containsExactly(3, 9);
    }

    @Test
    void text_taken_from_inside_an_input_maps_to_its_place_there() {
        String block = "First. Then $5 more.";
        AlignedText out = AlignedText.of("Then $5 more.", 7).replace(DOLLARS, m -> "five dollars");
        assertThat(source(block, out, "Then")).isEqualTo("Then");
        assertThat(source(block, out, "dollars")).isEqualTo("$5");
        assertThat(source(block, out, "more.")).isEqualTo("more.");
    }

    @Test
    void strip_keeps_the_ranges_of_the_characters_it_keeps() {
        String input = "  a $5  ";
        AlignedText plain = AlignedText.of(input).strip();
        assertThat(plain.text()).isEqualTo("a $5");
        assertThat(plain.inputRange(0, 1)).containsExactly(2, 3);
        AlignedText rewritten = AlignedText.of(input).replace(DOLLARS, m -> "five dollars ").strip();
        assertThat(rewritten.text()).isEqualTo("a five dollars");
        assertThat(source(input, rewritten, "a")).isEqualTo("a");
        assertThat(source(input, rewritten, "dollars")).isEqualTo("$5");
    }

    @Test
    void a_wholesale_rewrite_maps_every_character_to_the_whole_input() {
        String input = "Say 你好 now";
        AlignedText out = AlignedText.of(input).replace(Pattern.compile("你好"), m -> "ni3 hao3")
                .rewrite("SAY NI3 HAO3 NOW");
        assertThat(source(input, out, "NI3")).isEqualTo(input);
        assertThat(source(input, out, "NOW")).isEqualTo(input);
    }

    @Test
    void a_deletion_leaves_no_characters_and_an_empty_range_maps_to_the_point_where_it_stands() {
        String input = "a-b";
        AlignedText out = AlignedText.of(input).replace(Pattern.compile("-"), m -> "");
        assertThat(out.text()).isEqualTo("ab");
        assertThat(source(input, out, "b")).isEqualTo("b");
        assertThat(out.inputRange(1, 1)).containsExactly(2, 2);
        assertThat(out.inputRange(2, 2)).containsExactly(3, 3);
    }
}
