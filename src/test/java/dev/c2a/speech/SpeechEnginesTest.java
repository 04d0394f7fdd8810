package dev.c2a.speech;

import dev.c2a.C2a;
import dev.c2a.config.SpeechSettings;
import dev.c2a.config.InvalidSettingException;
import dev.c2a.process.ProgramOutput;
import dev.c2a.speech.espeak.EspeakEngine;
import dev.c2a.testing.FailingEngine;
import dev.c2a.testing.ProvidedEngine;
import dev.c2a.testing.SettableClock;
import dev.c2a.testing.TestEngines;
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

    private EngineSet set(String... keyValues) {
        return SpeechEngines.create(speech(keyValues), InstantSource.system(), dir);
    }

    private SpeechEngine one(String name, String... keyValues) {
        return new SpeechEngines(speech(keyValues), InstantSource.system(), dir, TestEngines.DEADLINES).create(name);
    }

    @Test
    void providers_on_the_class_path_and_class_names_make_engines() {
        try (SpeechEngine noop = one("noop");
             SpeechEngine espeak = one("espeak-ng");
             SpeechEngine alias = one("espeak");
             SpeechEngine cli = one("espeak-ng-cli");
             SpeechEngine flite = one("flite");
             SpeechEngine failing = one(FailingEngine.class.getName())) {
            assertThat(noop.name()).isEqualTo("noop");
            assertThat(espeak.name()).isEqualTo("espeak-ng");
            assertThat(((EspeakEngine) espeak).resident()).isTrue();
            assertThat(alias.name()).isEqualTo("espeak-ng");
            assertThat(((EspeakEngine) cli).resident()).isFalse();
            assertThat(flite.name()).isEqualTo("flite");
            assertThat(failing).isInstanceOf(FailingEngine.class);
        }
    }

    @Test
    void a_provider_named_by_class_gets_its_own_keys_the_clock_a_data_directory_and_the_shared_deadlines() {
        SettableClock clock = new SettableClock();
        try (EngineSet set = SpeechEngines.create(speech("engine", ProvidedEngine.class.getName(),
                "engine.provided.say", "3"), clock, dir)) {
            EngineContext c = ProvidedEngine.lastContext;
            assertThat(c.name()).isEqualTo("provided");
            assertThat(c.settings().values()).containsEntry("say", "3");
            assertThat(c.clock()).isSameAs(clock);
            assertThat(c.dataDir()).isEqualTo(dir.resolve("engines").resolve("provided"));
            assertThat(c.deadlines()).isNotNull();
            assertThat(set.engines()).extracting(SpeechEngine::name).containsExactly("noop");
        }
        assertThatThrownBy(() -> set("engine", ProvidedEngine.class.getName(), "engine.provided.say", "many"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("engine.provided.say: expected a whole number, got 'many' (from ");
    }

    @Test
    void an_engines_keys_are_checked_and_its_errors_name_the_key() {
        assertThatThrownBy(() -> set("engine", "flite", "engine.flite.colour", "blue"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("unknown setting engine.flite.colour (from ")
                .hasMessageEndingWith("; engine flite knows: program");
        assertThatThrownBy(() -> set("engine", "flite", "engine.flyte.program", "flite"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("setting engine.flyte.program (from ")
                .hasMessageContaining("no engine named 'flyte' here; engines: ");
        // auto skips an engine that cannot run here, but never one whose settings are wrong
        assertThatThrownBy(() -> set("engine", "auto", "engine.espeak-ng.colour", "blue"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("engine.espeak-ng.colour");
    }

    @Test
    void a_program_setting_replaces_what_path_finds_and_a_missing_program_is_named() throws Exception {
        Path espeak = java.nio.file.Files.createSymbolicLink(dir.resolve("my-espeak"),
                Path.of(ProgramOutput.of("sh", "-c", "command -v espeak-ng").ok().trim()));
        try (SpeechEngine e = one("espeak-ng-cli", "engine.espeak-ng-cli.program", espeak.toString())) {
            assertThat(e.voice("en")).isPresent();
        }
        // a program set but missing is a wrong setting, named as such, even under auto
        assertThatThrownBy(() -> one("flite", "engine.flite.program", dir.resolve("no-flite").toString()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("engine.flite.program: flite is not installed or cannot run")
                .hasMessageContaining("(from ");
        assertThatThrownBy(() -> set("engine", "auto", "engine.espeak-ng.program", dir.resolve("none").toString()))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("engine.espeak-ng.program: ");
        assertThatThrownBy(() -> one("espeak-ng", "engine.espeak-ng.helper", dir.resolve("no-helper").toString()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("engine.espeak-ng.helper: " + dir.resolve("no-helper") + " is not an executable file");
    }

    @Test
    void an_alias_names_the_engine_but_its_settings_go_under_the_engines_own_name() {
        assertThatThrownBy(() -> set("engine", "espeak", "engine.espeak.program", "espeak-ng"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("espeak is another name of espeak-ng; its settings are engine.espeak-ng.<key>");
    }

    @Test
    void auto_takes_every_engine_installed_best_english_first() {
        try (EngineSet set = set("engine", "auto")) {
            assertThat(set.engines()).extracting(SpeechEngine::name).containsExactly("flite", "espeak-ng");
            assertThat(set.voice("en").orElseThrow().id()).isEqualTo("flite:slt");
            assertThat(set.voice("zh").orElseThrow().id()).isEqualTo("espeak-ng:cmn-latn-pinyin");
            assertThat(set.voice("de").orElseThrow().id()).isEqualTo("espeak-ng:de");
        }
    }

    @Test
    void a_listed_order_is_the_preference_and_language_voices_override_it() {
        try (EngineSet set = set("engine", "espeak-ng,flite",
                "language-voices", "en-GB=flite:awb")) {
            assertThat(set.voice("en").orElseThrow().id()).isEqualTo("espeak-ng:en-gb");
            assertThat(set.voice("en-gb").orElseThrow().id()).isEqualTo("flite:awb");
            assertThat(set.voice("flite:rms").orElseThrow().language()).isEqualTo("en-US");
        }
    }

    @Test
    void a_language_voice_that_does_not_exist_fails_at_start() {
        assertThatThrownBy(() -> set("engine", "espeak-ng",
                "language-voices", "en=flite:slt"))
                .hasMessageContaining("language-voices: no voice 'flite:slt' for en");
        assertThatThrownBy(() -> TestSettings.of(dir, "language-voices", "en"))
                .hasMessageContaining("language-voices: expected language=engine:voice, got 'en'");
    }

    @Test
    void remote_multilingual_makes_its_voices_speak_mixed_sentences_whole_and_a_wrong_value_is_named() {
        for (String value : new String[] {"true", "false"}) {
            try (EngineSet set = set("engine", "remote", "remote-url", "http://127.0.0.1:9",
                    "remote-multilingual", value)) {
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
                .hasMessage("engine: no engine named 'com.example.NoSuchEngine'; use espeak, espeak-ng, espeak-ng-cli,"
                        + " flite, noop, remote, or the class name of a SpeechEngineProvider or SpeechEngine on the"
                        + " class path");
    }

    @Test
    void a_class_of_the_wrong_type_fails_at_start_naming_the_setting() {
        assertThatThrownBy(() -> one("java.lang.StringBuilder"))
                .hasMessage("engine: class java.lang.StringBuilder implements neither"
                        + " dev.c2a.speech.SpeechEngineProvider nor dev.c2a.speech.SpeechEngine");
    }

    @Test
    void a_default_voice_no_engine_has_fails_at_start() {
        assertThatThrownBy(() -> C2a.builder().settings(TestSettings.of(dir, "engine", "noop", "default-voice", "klingon")).open())
                .hasMessageStartingWith("voice 'klingon' is not offered by noop");
    }
}
