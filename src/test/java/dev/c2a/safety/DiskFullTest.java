package dev.c2a.safety;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.testing.Http;
import dev.c2a.testing.Tmpfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A disk that fills and empties again, for real: the data directory on a small tmpfs (the suite
 * runs as root, as CI does). The service heals by itself, and no accepted job is lost or failed.
 */
@Tag("slow")
class DiskFullTest {
    private Tmpfs disk;
    private Path mount;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Tmpfs.mount(24);
        mount = disk.dir();
    }

    @AfterEach
    void unmount() throws Exception {
        disk.close();
    }

    /** Writes until the disk says it is full; returns the file to delete to empty it again. */
    private Path fill() throws IOException {
        Path filler = mount.resolve("filler");
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).containsIgnoringCase("no space left");
        }
        return filler;
    }

    @Test
    void jobs_accepted_before_the_disk_filled_succeed_once_it_has_room_again_without_using_attempts()
            throws Exception {
        try (C2aServer c2a = C2a.builder().dataDir(mount.resolve("data")).port(0).workers(1).engine("espeak-ng")
                .set("autostart", "false").set("lease", "3s")
                // the watermark off: this is about writes that fail (DiskSpaceTest is about the watermark)
                .set("min-free-disk", "0").start()) {
            Http http = new Http(c2a.url());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(http.post("/v1/jobs", "{\"text\": \"Accepted before the disk filled, number " + i + ".\","
                        + " \"format\": \"wav\"}").json().path("id").asText());
            }
            Path filler = fill();
            // a large job cannot be written: refused, and readiness says the queue cannot write
            String big = "Words that need pages of their own in the database. ".repeat(4000);
            Http.Response refused = http.post("/v1/jobs", "{\"text\": \"" + big + "\"}");
            assertThat(refused.status()).as(refused.text()).isEqualTo(503);
            Http.Response ready = http.get("/readyz");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().path("detail").asText()).startsWith("the queue cannot write");
            // the workers meet the full disk too: the jobs wait, their attempts untouched
            http.post("/v1/service/start", null);
            Thread.sleep(8_000);
            for (String id : ids) {
                JsonNode job = http.get("/v1/jobs/" + id).json();
                assertThat(job.path("state").asText()).as(job.toString()).isIn("queued", "running");
            }
            assertThat(http.get("/healthz").status()).isEqualTo(200);

            Files.delete(filler);
            await().atMost(Duration.ofSeconds(90)).until(() -> ids.stream().allMatch(id ->
                    http.get("/v1/jobs/" + id).json().path("state").asText().equals("succeeded")));
            for (String id : ids) {
                JsonNode job = http.get("/v1/jobs/" + id).json();
                assertThat(job.path("attempts").asInt()).as(job.toString()).isEqualTo(1);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/readyz").status() == 200);
            Http.Response after = http.post("/v1/jobs", "{\"text\": \"After the disk emptied.\"}");
            assertThat(after.status()).isEqualTo(202);
        }
    }
}
