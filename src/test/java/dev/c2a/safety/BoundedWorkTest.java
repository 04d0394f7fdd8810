package dev.c2a.safety;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.testing.Http;
import dev.c2a.testing.Media;
import dev.c2a.testing.SampleBook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Small inputs cannot buy unbounded work, and an uploaded book cannot make ffmpeg read the server's files. */
class BoundedWorkTest {
    @TempDir
    static Path dir;
    static C2aServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = C2a.builder().dataDir(dir.resolve("data")).port(0).workers(2).engine("espeak-ng").start();
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pauses_that_would_outgrow_the_text_are_refused_at_submit_naming_the_bound() {
        String text = "Stop here. ".repeat(400);
        Http.Response r = http.post("/v1/jobs", "{\"text\": \"" + text + "\", \"format\": \"wav\", \"options\": {"
                + "\"sampleRate\": 48000, \"pauses\": {\"sentence\": 10000, \"paragraph\": 10000}}}");
        assertThat(r.status()).as(r.text()).isEqualTo(413);
        assertThat(r.json().path("detail").asText()).startsWith("the pauses alone would make 3990 s of audio from 4000"
                + " characters of text; a job may make at most 2060 s (60 s plus 0.5 s per character at speed 1.0").contains("setting max-audio-seconds");
        assertThat(http.get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void ordinary_pauses_and_text_are_accepted() {
        Http.Response r = http.post("/v1/jobs/dry-run", "{\"text\": \"" + "Yes, sir. No, madam. ".repeat(50)
                + "\", \"options\": {\"pauses\": {\"sentence\": 2000}}}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    @Test
    void a_dry_run_of_a_megabyte_answers_a_bounded_body_and_says_it_was_cut() {
        StringBuilder text = new StringBuilder();
        while (text.length() < 1_000_000) {
            text.append("Room 1234567 costs $98,765,432.10 on 2024-03-15 at 10:30. ");
        }
        Http.Response r = http.postAs("/v1/jobs/dry-run", "text/plain", text.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.bytes().length).isLessThan(2_000_000);
        assertThat(r.json().path("truncated").asBoolean()).isTrue();
    }

    @Test
    void a_cover_that_is_not_a_picture_is_left_out_and_nothing_it_names_is_read() throws Exception {
        Path secret = dir.resolve("secret.png");
        Files.write(secret, png(Color.RED));
        byte[] playlist = ("ffconcat version 1.0\nfile '" + secret + "'\n").getBytes(StandardCharsets.UTF_8);
        byte[] book = withCover(SampleBook.epub("A Book", "An Author", SampleBook.generated(2, 300)), playlist);
        JsonNode job = http.postAs("/v1/jobs?format=m4b", "application/epub+zip", book).json();
        JsonNode done = finished(job.path("id").asText());
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("succeeded");
        Path audio = dir.resolve("book.m4b");
        Files.write(audio, http.get("/v1/jobs/" + job.path("id").asText() + "/audio").bytes());
        assertThat(Media.probe(audio).path("streams").findValuesAsText("codec_type")).contains("audio").doesNotContain("video");
    }

    @Test
    void a_real_picture_declared_as_another_type_is_still_the_cover() throws Exception {
        byte[] book = withCover(SampleBook.epub("A Book", "An Author", SampleBook.generated(2, 300)), png(Color.BLUE));
        JsonNode job = http.postAs("/v1/jobs?format=m4b", "application/epub+zip", book).json();
        assertThat(finished(job.path("id").asText()).path("state").asText()).isEqualTo("succeeded");
        Path audio = dir.resolve("book2.m4b");
        Files.write(audio, http.get("/v1/jobs/" + job.path("id").asText() + "/audio").bytes());
        assertThat(Media.probe(audio).path("streams").findValuesAsText("codec_type")).contains("video");
    }

    private static JsonNode finished(String id) {
        return await().atMost(Duration.ofMinutes(2)).until(() -> http.get("/v1/jobs/" + id).json(),
                j -> j.path("state").asText().matches("succeeded|failed|cancelled"));
    }

    private static byte[] png(Color color) throws Exception {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        img.getGraphics().setColor(color);
        img.getGraphics().fillRect(0, 0, 16, 16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** The book with its cover entry's bytes replaced (the package still declares it image/png). */
    private static byte[] withCover(byte[] epub, byte[] cover) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(epub));
             ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] data = e.getName().endsWith("cover.png") ? cover : in.readAllBytes();
                ZipEntry copy = new ZipEntry(e.getName());
                if (e.getMethod() == ZipEntry.STORED) {
                    copy.setMethod(ZipEntry.STORED);
                    copy.setSize(data.length);
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(data);
                    copy.setCrc(crc.getValue());
                }
                out.putNextEntry(copy);
                out.write(data);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
