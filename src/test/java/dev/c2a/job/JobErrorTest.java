package dev.c2a.job;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JobErrorTest {
    @Test
    void errors_shown_to_clients_keep_file_names_but_not_server_paths() {
        JobError e = JobError.forClients(1, "cannot create a scratch file for espeak-ng:"
                + " /tmp/c2a-espeak-ng-123.wav: No space left on device",
                "Error: /srv/c2a/data/audio/0199-1.mp3.part: Permission denied", Instant.EPOCH);
        assertThat(e.message()).isEqualTo("cannot create a scratch file for espeak-ng: c2a-espeak-ng-123.wav: No space"
                + " left on device");
        assertThat(e.stderr()).isEqualTo("Error: 0199-1.mp3.part: Permission denied");
    }

    @Test
    void text_without_paths_is_kept_as_it_is() {
        assertThat(JobError.redact("voice 'en' said 1/2 and and/or, https://example.com/x stays a URL host"))
                .isEqualTo("voice 'en' said 1/2 and and/or, https://example.com/x stays a URL host");
    }
}
