package dev.c2a.speech;

import dev.c2a.service.Service;
import dev.c2a.testing.FailingEngine;
import dev.c2a.testing.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpeechEnginesTest {
    @TempDir
    Path dir;

    @Test
    void built_in_names_and_class_names_make_engines() {
        assertThat(SpeechEngines.create("engine", "noop").name()).isEqualTo("noop");
        assertThat(SpeechEngines.create("engine", "espeak-ng").name()).isEqualTo("espeak-ng");
        assertThat(SpeechEngines.create("engine", FailingEngine.class.getName())).isInstanceOf(FailingEngine.class);
    }

    @Test
    void a_missing_class_fails_at_start_naming_the_setting() {
        assertThatThrownBy(() -> Service.open(TestSettings.of(dir, "engine", "com.example.NoSuchEngine")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("engine: no engine named 'com.example.NoSuchEngine'; use espeak-ng, espeak-ng-cli, noop,"
                        + " or the class name of a SpeechEngine on the class path");
    }

    @Test
    void a_class_of_the_wrong_type_fails_at_start_naming_the_setting() {
        assertThatThrownBy(() -> SpeechEngines.create("engine", "java.lang.StringBuilder"))
                .hasMessage("engine: class java.lang.StringBuilder does not implement dev.c2a.speech.SpeechEngine");
    }

    @Test
    void a_default_voice_the_engine_lacks_fails_at_start() {
        assertThatThrownBy(() -> Service.open(TestSettings.of(dir, "engine", "noop", "default-voice", "klingon")))
                .hasMessageStartingWith("voice 'klingon' is not offered by noop");
    }
}
