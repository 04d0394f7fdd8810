package dev.c2a.text;

import dev.c2a.job.JobOptions.LexiconEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class NormalizerTest {
    private final Normalizer en = Normalizers.forLanguage("en-us");
    private final Normalizer zh = Normalizers.forLanguage("cmn-latn-pinyin");
    /** A spoken word as a speech engine reports one: letters and digits, without the punctuation around them. */
    private static final Pattern WORD = Pattern.compile("[^\\s,.;:!?()]+");
    /** Chinese has no spaces between words; each character stands for itself. */
    private static final Pattern HANZI = Pattern.compile("[^\\s，。%]");

    private static String spoken(Normalizer normalizer, String written) {
        return normalizer.normalize(AlignedText.of(written)).text();
    }

    /**
     * Each word of the spoken text maps back to itself as written or to one of the tokens it was
     * read from, and each token is read.
     */
    private static void assertEveryWordMapsBack(AlignedText spoken, String written, Pattern word, String tokens) {
        List<String> expanded = List.of(tokens.split(";"));
        Set<String> read = new HashSet<>();
        Matcher w = word.matcher(spoken.text());
        while (w.find()) {
            int[] range = spoken.inputRange(w.start(), w.end());
            String source = written.substring(range[0], range[1]);
            assertThat(source).as("'%s' of '%s'", w.group(), spoken.text()).isIn(
                    Stream.concat(Stream.of(w.group()), expanded.stream()).toList());
            read.add(source);
        }
        assertThat(read).containsAll(expanded);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            It has 3,497 pages.                     | It has three thousand four hundred ninety-seven pages.
            Pi is 3.14 or 3.05.                     | Pi is three point one four or three point zero five.
            She came 1st and he 22nd.               | She came first and he twenty-second.
            It costs $3.50 today.                   | It costs three dollars and fifty cents today.
            It costs $1 or €20 or £2.5m.            | It costs one dollar or twenty euros or two point five million pounds.
            Up 45% from -3 degrees.                 | Up forty-five percent from minus three degrees.
            Born in 1999, moved in 2005.            | Born in nineteen ninety-nine, moved in two thousand five.
            Music of the 1980s.                     | Music of the nineteen eighties.
            On 2024-03-15 we met.                   | On March fifteenth, twenty twenty-four we met.
            On March 3, 2021 we met.                | On March third, twenty twenty-one we met.
            On 4 July 1776 they signed.             | On the fourth of July seventeen seventy-six they signed.
            Meet at 10:30 am or 14:05.              | Meet at ten thirty a m or fourteen oh five.
            Call +1 555-123-4567 now.               | Call plus one, five five five, one two three, four five six seven now.
            Run 5 km then 1 mi at 20 °C.            | Run five kilometers then one mile at twenty degrees Celsius.
            A 10 MB file.                           | A ten megabytes file.
            Dr. Smith lives on Baker St. now.       | Doctor Smith lives on Baker Street now.
            We visit St. Paul and Mt. Hood.         | We visit Saint Paul and Mount Hood.
            Bring fruit, e.g. apples, etc.          | Bring fruit, for example apples, et cetera
            See https://www.example.com/a/b?c=1 ok. | See example dot com ok.
            Mail jane.doe@example.org today.        | Mail jane dot doe at example dot org today.
            Salt & pepper.                          | Salt  and  pepper.
            """)
    void english_reads_numbers_dates_units_abbreviations_and_addresses_sensibly(String written, String spoken) {
        assertThat(spoken(en, written)).isEqualTo(spoken);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            共有3497页。           | 共有三千四百九十七页。
            增长了45%。            | 增长了百分之四十五。
            2024年3月15日          | 二〇二四年三月十五日
            圆周率是3.14。         | 圆周率是三点一四。
            会议在10:30开始。      | 会议在十点三十分开始。
            价格是¥100。           | 价格是一百元。
            """)
    void chinese_reads_numbers_years_percentages_and_times_in_hanzi(String written, String spoken) {
        assertThat(spoken(zh, written)).isEqualTo(spoken);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            It has 3,497 pages.                     | 3,497
            Pi is 3.14 or 3.05.                     | 3.14;3.05
            She came 1st and he 22nd.               | 1st;22nd
            It costs $3.50 today.                   | $3.50
            It costs €1,200 or £2.5m.               | €1,200;£2.5m
            Up 45% from -3 degrees.                 | 45%;-3
            Born in 1999, moved in 2005.            | 1999;2005
            Music of the 1980s.                     | 1980s
            On 2024-03-15 we met.                   | 2024-03-15
            On March 3, 2021 we met.                | March 3, 2021
            On 4 July 1776 they signed.             | 4 July 1776
            Meet at 10:30 am or 14:05.              | 10:30 am;14:05
            Call +1 555-123-4567 now.               | +1 555-123-4567
            Run 5 km then 1 mi at 20 °C.            | 5 km;1 mi;20 °C
            Issue #12 is closed.                    | #12
            Dr. Smith lives on Baker St. now.       | Dr.;St.
            Bring fruit, e.g. apples, etc.          | e.g.;etc.
            See https://www.example.com/a/b?c=1 ok. | https://www.example.com/a/b?c=1
            Mail jane.doe@example.org today.        | jane.doe@example.org
            Salt & pepper.                          | &
            """)
    void english_words_map_back_to_the_written_token_they_were_read_from(String written, String tokens) {
        assertEveryWordMapsBack(en.normalize(AlignedText.of(written)), written, WORD, tokens);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            共有3497页。           | 3497
            增长了45%。            | 45%
            2024年3月15日          | 2024年;3;15
            会议在10:30开始。      | 10:30
            价格是¥100。           | ¥100
            """)
    void chinese_characters_map_back_to_the_written_token_they_were_read_from(String written, String tokens) {
        assertEveryWordMapsBack(zh.normalize(AlignedText.of(written)), written, HANZI, tokens);
    }

    @Test
    void a_lexicon_replacement_maps_back_to_the_word_it_replaced() {
        Lexicon lexicon = new Lexicon(List.of(new LexiconEntry("nginx", "engine x", null),
                new LexiconEntry("R2D2", "artoo detoo", null), new LexiconEntry("Nguyen", null, "w'In")));
        String written = "NGINX and R2D2 met Nguyen 2 times.";
        assertEveryWordMapsBack(lexicon.apply(AlignedText.of(written), en), written, WORD, "NGINX;R2D2;Nguyen;2");
    }

    @Test
    void the_lexicon_wins_and_its_replacements_are_not_normalised_again() {
        Lexicon lexicon = new Lexicon(List.of(new LexiconEntry("nginx", "engine x", null),
                new LexiconEntry("R2D2", "artoo detoo", null), new LexiconEntry("Nguyen", null, "w'In")));
        assertThat(lexicon.apply(AlignedText.of("NGINX and R2D2 met Nguyen 2 times."), en).text())
                .isEqualTo("engine x and artoo detoo met [[w'In]] two times.");
        Lexicon global = new Lexicon(List.of(new LexiconEntry("nginx", "N G I N X", null),
                new LexiconEntry("k8s", "kubernetes", null)));
        assertThat(lexicon.then(global).apply(AlignedText.of("nginx on k8s"), en).text()).isEqualTo("engine x on kubernetes");
    }

    @Test
    void script_runs_split_chinese_from_latin_and_keep_neutral_characters_in_their_run() {
        assertThat(ScriptRuns.split("我喜欢 Java 编程，真的。"))
                .containsExactly(new ScriptRuns.Run("我喜欢", 0, true), new ScriptRuns.Run("Java", 4, false),
                        new ScriptRuns.Run("编程，真的。", 9, true));
        assertThat(ScriptRuns.split("Plain English, 42 times.")).hasSize(1);
    }
}
