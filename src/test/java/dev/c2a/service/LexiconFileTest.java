package dev.c2a.service;

import dev.c2a.C2a;
import dev.c2a.api.JobRequest;
import dev.c2a.config.InvalidSettingException;
import dev.c2a.job.JobOptions;
import dev.c2a.testing.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LexiconFileTest {
    @TempDir
    Path dir;

    private static String spoken(DryRun run) {
        return run.chapters().get(0).sentences().get(0).spoken().get(0).text();
    }

    @Test
    void the_global_lexicon_applies_to_every_job_and_a_job_entry_wins() throws Exception {
        Path file = Files.writeString(dir.resolve("lexicon.json"), "[{\"word\": \"nginx\", \"say\": \"engine x\"},"
                + " {\"word\": \"k8s\", \"say\": \"kubernetes\"}]");
        try (Service service = C2a.builder().settings(TestSettings.of(dir.resolve("data"), "lexicon", file.toString())).open()) {
            assertThat(spoken(service.dryRun(JobRequest.ofText("nginx runs on k8s."), null)))
                    .isEqualTo("engine x runs on kubernetes.");
            JobOptions own = new JobOptions(null, null, null, null, null, null, null, null, null, null,
                    List.of(new JobOptions.LexiconEntry("nginx", "N G I N X", null)), null, null, null, null, null);
            JobRequest request = new JobRequest("nginx runs on k8s.", null, null, null, null, null, null, own, null);
            assertThat(spoken(service.dryRun(request, null))).isEqualTo("N G I N X runs on kubernetes.");
        }
    }

    @Test
    void a_broken_lexicon_file_stops_the_start_naming_the_entry() throws Exception {
        Path file = Files.writeString(dir.resolve("lexicon.json"), "[{\"word\": \"a\"}]");
        assertThatThrownBy(() -> C2a.builder().settings(TestSettings.of(dir.resolve("data"), "lexicon", file.toString())).open())
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("entry 0")
                .hasMessageContaining("exactly one of say or phonemes");
        Path notJson = Files.writeString(dir.resolve("bad.json"), "{nope");
        assertThatThrownBy(() -> C2a.builder().settings(TestSettings.of(dir.resolve("data"), "lexicon", notJson.toString())).open())
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("lexicon: ");
        assertThatThrownBy(() -> TestSettings.of(dir.resolve("data"), "lexicon", dir.resolve("missing").toString()))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("no readable file");
    }
}
