package dev.c2a.speech;

import dev.c2a.C2a;
import dev.c2a.config.SpeechSettings;
import dev.c2a.testing.FailingEngine;
import dev.c2a.testing.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.InstantSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpeechEnginesTest {
    @TempDir
    Path dir;

    private SpeechSettings speech(String... keyValues) {
        return TestSettings.of(dir, keyValues).speech();
    }

    @Test
    void built_in_names_and_class_names_make_engines() {
        SpeechSettings s = speech();
        InstantSource clock = InstantSource.system();
        try (SpeechEngine noop = SpeechEngines.create("noop", s, clock);
             SpeechEngine espeak = SpeechEngines.create("espeak-ng", s, clock);
             SpeechEngine flite = SpeechEngines.create("flite", s, clock);
             SpeechEngine failing = SpeechEngines.create(FailingEngine.class.getName(), s, clock)) {
            assertThat(noop.name()).isEqualTo("noop");
            assertThat(espeak.name()).isEqualTo("espeak-ng");
            assertThat(flite.name()).isEqualTo("flite");
            assertThat(failing).isInstanceOf(FailingEngine.class);
        }
    }

    @Test
    void auto_takes_every_engine_installed_best_english_first() {
        try (EngineSet set = SpeechEngines.create(speech("engine", "auto"), InstantSource.system())) {
            assertThat(set.engines()).extracting(SpeechEngine::name).containsExactly("flite", "espeak-ng");
            assertThat(set.voice("en").orElseThrow().id()).isEqualTo("flite:slt");
            assertThat(set.voice("zh").orElseThrow().id()).isEqualTo("espeak-ng:cmn-latn-pinyin");
            assertThat(set.voice("de").orElseThrow().id()).isEqualTo("espeak-ng:de");
        }
    }

    @Test
    void a_listed_order_is_the_preference_and_language_voices_override_it() {
        try (EngineSet set = SpeechEngines.create(speech("engine", "espeak-ng,flite",
                "language-voices", "en-GB=flite:awb"), InstantSource.system())) {
            assertThat(set.voice("en").orElseThrow().id()).isEqualTo("espeak-ng:en-gb");
            assertThat(set.voice("en-gb").orElseThrow().id()).isEqualTo("flite:awb");
            assertThat(set.voice("flite:rms").orElseThrow().language()).isEqualTo("en-US");
        }
    }

    @Test
    void a_language_voice_that_does_not_exist_fails_at_start() {
        assertThatThrownBy(() -> SpeechEngines.create(speech("engine", "espeak-ng",
                "language-voices", "en=flite:slt"), InstantSource.system()))
                .hasMessageContaining("language-voices: no voice 'flite:slt' for en");
        assertThatThrownBy(() -> TestSettings.of(dir, "language-voices", "en"))
                .hasMessageContaining("language-voices: expected language=engine:voice, got 'en'");
    }

    @Test
    void remote_multilingual_makes_its_voices_speak_mixed_sentences_whole_and_a_wrong_value_is_named() {
        for (String value : new String[] {"true", "false"}) {
            try (EngineSet set = SpeechEngines.create(speech("engine", "remote", "remote-url", "http://127.0.0.1:9",
                    "remote-multilingual", value), InstantSource.system())) {
                Voice alloy = set.voice("remote:alloy").orElseThrow();
                assertThat(set.capabilities(alloy).multilingual()).as(value).isEqualTo(Boolean.parseBoolean(value));
                assertThat(set.capabilities(alloy).maxInput()).isEqualTo(4096);
            }
        }
        assertThatThrownBy(() -> speech("engine", "remote", "remote-url", "http://127.0.0.1:9",
                "remote-multilingual", "sometimes")).hasMessageContaining("remote-multilingual");
    }

    @Test
    void remote_needs_a_url() {
        assertThatThrownBy(() -> TestSettings.of(dir, "engine", "remote"))
                .hasMessageContaining("engine: 'remote' needs remote-url");
        assertThatThrownBy(() -> TestSettings.of(dir, "engine", "remote", "remote-url", "ftp://x"))
                .hasMessageContaining("remote-url: must be an http or https URL");
    }

    @Test
    void a_missing_class_fails_at_start_naming_the_setting() {
        assertThatThrownBy(() -> C2a.builder().settings(TestSettings.of(dir, "engine", "com.example.NoSuchEngine")).open())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("engine: no engine named 'com.example.NoSuchEngine'; use espeak-ng, espeak-ng-cli, flite,"
                        + " remote, marytts, noop, or the class name of a SpeechEngine on the class path");
    }

    @Test
    void a_class_of_the_wrong_type_fails_at_start_naming_the_setting() {
        assertThatThrownBy(() -> SpeechEngines.create("java.lang.StringBuilder", speech(), InstantSource.system()))
                .hasMessage("engine: class java.lang.StringBuilder does not implement dev.c2a.speech.SpeechEngine");
    }

    @Test
    void a_default_voice_no_engine_has_fails_at_start() {
        assertThatThrownBy(() -> C2a.builder().settings(TestSettings.of(dir, "engine", "noop", "default-voice", "klingon")).open())
                .hasMessageStartingWith("voice 'klingon' is not offered by noop");
    }
}
