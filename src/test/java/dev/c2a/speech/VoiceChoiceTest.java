package dev.c2a.speech;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VoiceChoiceTest {
    @Test
    void a_mostly_chinese_text_asks_for_a_chinese_voice_unless_its_voice_is_chinese() {
        assertThat(VoiceChoice.languageFor("我们去银行取钱。", null)).contains("zh");
        assertThat(VoiceChoice.languageFor("我喜欢 Java 编程。", "en-US")).contains("zh");
        assertThat(VoiceChoice.languageFor("我们去银行取钱。", "zh")).isEmpty();
        assertThat(VoiceChoice.languageFor("我们去银行取钱。", "cmn-Latn-x-pinyin")).as("Mandarin is Chinese")
                .isEmpty();
    }

    @Test
    void other_text_keeps_the_voice_it_would_have() {
        assertThat(VoiceChoice.languageFor("Hello there.", null)).isEmpty();
        assertThat(VoiceChoice.languageFor("Guten Tag.", "de")).isEmpty();
        assertThat(VoiceChoice.languageFor("I went to the bank with a friend. 我们去。", null)).as("mostly English")
                .isEmpty();
        assertThat(VoiceChoice.languageFor((String) null, null)).as("no text: an upload read later").isEmpty();
    }

    @Test
    void a_run_of_latin_script_in_a_chinese_voice_asks_for_english() {
        assertThat(VoiceChoice.languageFor(false, "zh-CN")).contains("en");
        assertThat(VoiceChoice.languageFor(true, "en")).contains("zh");
        assertThat(VoiceChoice.languageFor(true, "cmn")).isEmpty();
        assertThat(VoiceChoice.languageFor(false, "fr")).isEmpty();
    }
}
