package dev.c2a.speech.espeak;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.CancelSignal;
import dev.c2a.speech.SpeechEngineContract;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the real espeak-ng, what is particular to it (the rest: {@link SpeechEngineContract}); run for each mode. */
abstract class EspeakEngineContract extends SpeechEngineContract<EspeakEngine> {
    @Override
    protected String englishVoice() {
        return "en-us";
    }

    static SpeechRequest request(String text, Voice voice, double speed) {
        return new SpeechRequest(text, voice, speed, false, Duration.ofSeconds(20), new CancelSignal());
    }

    @Test
    void reads_its_version_and_voices_from_espeak_ng_without_mbrola_voices() {
        assertThat(engine.version()).matches("\\d+\\.\\d+.*");
        assertThat(engine.voices()).extracting(Voice::id).contains("en-us", "de", "fr-fr", "cmn-latn-pinyin")
                .doesNotContain("cmn").doesNotHaveDuplicates();
        assertThat(engine.voices().size()).isGreaterThan(100);
    }

    @Test
    void chinese_aliases_map_to_the_pinyin_voice() {
        for (String alias : new String[] {"zh", "cmn", "ZH-CN", "zh_cmn"}) {
            assertThat(engine.voice(alias)).as(alias).map(Voice::id).contains("cmn-latn-pinyin");
        }
        assertThat(engine.voice("en")).map(Voice::id).contains("en-gb");
        assertThat(engine.voice("fr")).map(Voice::id).contains("fr-fr");
        assertThat(engine.voice("klingon")).isEmpty();
    }

    @Test
    void speaks_english_and_chinese_into_pcm_at_22050_hz() throws Exception {
        ByteArrayOutputStream en = new ByteArrayOutputStream();
        PcmFormat format = engine.synthesize(request("Hello world.", engine.voice("en").orElseThrow(), 1.0), en);
        assertThat(format).isEqualTo(new PcmFormat(22050, 1));
        assertThat(en.size()).as("about a second of audio").isBetween(20_000, 200_000);

        ByteArrayOutputStream zh = new ByteArrayOutputStream();
        engine.synthesize(request("你好，世界。", engine.voice("zh").orElseThrow(), 1.0), zh);
        assertThat(zh.size()).isGreaterThan(20_000);
    }

    @Test
    void a_higher_speed_makes_shorter_audio() throws Exception {
        Voice en = engine.voice("en").orElseThrow();
        ByteArrayOutputStream normal = new ByteArrayOutputStream();
        ByteArrayOutputStream fast = new ByteArrayOutputStream();
        String text = "The quick brown fox jumps over the lazy dog, again and again.";
        engine.synthesize(request(text, en, 1.0), normal);
        engine.synthesize(request(text, en, 2.0), fast);
        assertThat(fast.size()).isLessThan(normal.size() * 3 / 4);
    }

    @Test
    void speaks_ssml_without_reading_the_tags() throws Exception {
        Voice en = engine.voice("en").orElseThrow();
        ByteArrayOutputStream ssml = new ByteArrayOutputStream();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        engine.synthesize(new SpeechRequest("<speak>Hello <break time=\"1s\"/> world</speak>", en, 1.0, true,
                Duration.ofSeconds(20), new CancelSignal()), ssml);
        engine.synthesize(request("Hello world", en, 1.0), plain);
        // a one-second break adds ~44 kB at 22050 Hz; reading the tags aloud would add far more
        assertThat(ssml.size() - plain.size()).isBetween(30_000, 80_000);
    }

    @Test
    void finished_calls_leave_no_deadline_behind_holding_their_process() throws Exception {
        Voice en = engine.voice("en").orElseThrow();
        for (int i = 0; i < 5; i++) {
            engine.synthesize(request("Call " + i + ".", en, 1.0), new ByteArrayOutputStream());
        }
        assertThat(engine.pendingDeadlines()).isZero();
    }

    @Test
    void speed_maps_to_words_per_minute_within_espeaks_range() {
        assertThat(EspeakCalls.wordsPerMinute(1.0)).isEqualTo(175);
        assertThat(EspeakCalls.wordsPerMinute(0.1)).isEqualTo(80);
        assertThat(EspeakCalls.wordsPerMinute(9)).isEqualTo(450);
    }
}
