package dev.c2a.text;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Polyphones are read by the word they are in, not character by character. */
class PinyinTextTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "银行, yin2 hang2",
            "行走, xing2 zou3",
            "一行人, yi1 xing2 ren2",
            "重庆, chong2 qing4",
            "重要, zhong4 yao4",
            "长大, zhang3 da4",
            "长城, chang2 cheng2",
            "音乐, yin1 yue4",
            "快乐, kuai4 le4",
            "还是, hai2 shi4",
            "还钱, huan2 qian2",
            "觉得, jue2 de5",
            "睡觉, shui4 jiao4",
            "首都, shou3 du1",
            "都是, dou1 shi4",
            "调查, diao4 cha2",
            "空调, kong1 tiao2",
            "便宜, pian2 yi5",
            "方便, fang1 bian4",
            "差不多, cha4 bu4 duo1",
            "出差, chu1 chai1",
            "干净, gan1 jing4",
            "干活, gan4 huo2",
            "了解, liao3 jie3",
            "数学, shu4 xue2",
            "目的地, mu4 di4 di4",
    })
    void common_polyphones_take_the_reading_of_their_word(String hanzi, String pinyin) {
        assertThat(PinyinText.of(hanzi)).isEqualTo(pinyin);
    }

    @Test
    void punctuation_becomes_ascii_and_other_scripts_are_kept() {
        assertThat(PinyinText.of("我们去银行取钱，好吗？")).isEqualTo("wo3 men5 qu4 yin2 hang2 qu3 qian2, hao3 ma5?");
        assertThat(PinyinText.of("二〇二一年")).isEqualTo("er4 ling2 er4 yi1 nian2");
        assertThat(PinyinText.of("A股")).isEqualTo("A gu3");
        assertThat(PinyinText.of("no hanzi here")).isEqualTo("no hanzi here");
    }
}
