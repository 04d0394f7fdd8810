package dev.c2a.service;

import dev.c2a.C2a;
import dev.c2a.api.InvalidRequestException;
import dev.c2a.api.JobRequest;
import dev.c2a.job.JobOptions;
import dev.c2a.testing.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without ffmpeg the service still runs and takes WAV jobs; other formats are refused at the door. */
class MissingEncoderTest {
    @TempDir
    Path dir;

    @Test
    void formats_that_need_ffmpeg_are_refused_naming_it_and_wav_still_works() {
        try (Service service = C2a.builder().settings(TestSettings.of(dir, "ffmpeg", dir.resolve("no-ffmpeg").toString())).open()) {
            assertThatThrownBy(() -> service.submit(new JobRequest("Hello.", null, null, null, "mp3", null, null, null,
                    null))).isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.reason())
                    .isEqualTo(InvalidRequestException.Reason.INVALID)).hasMessageContaining("format mp3 needs ffmpeg").hasMessageContaining("no-ffmpeg");
            JobOptions loud = new JobOptions(null, null, null, null, null, null, null, -16.0, null, null, null, null,
                    null, null, null, null);
            assertThatThrownBy(() -> service.submit(new JobRequest("Hello.", null, null, null, "wav", null, null, loud,
                    null))).hasMessageContaining("with a sample rate or loudness needs ffmpeg");
            assertThat(service.submit(JobRequest.ofText("Hello.")).created()).isTrue();
        }
    }
}
