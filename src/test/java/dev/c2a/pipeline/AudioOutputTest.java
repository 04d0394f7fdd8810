package dev.c2a.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.json.Json;
import dev.c2a.pcm.Wav;
import dev.c2a.testing.Http;
import dev.c2a.testing.Media;
import dev.c2a.testing.SampleBook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Real espeak-ng, real ffmpeg, checked with ffprobe: formats, chapters, tags, cover, captions,
 * pauses and loudness, as a player would see them.
 */
@Tag("slow")
class AudioOutputTest {
    private static final String TWO_SENTENCES = "The first sentence is here. The second one follows it.";
    @TempDir
    static Path dir;
    @TempDir
    static Path downloads;
    static C2aServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = C2a.builder().dataDir(dir).port(0).workers(2).start();
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode done(Http.Response submitted) {
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(202);
        String id = submitted.json().path("id").asText();
        await().atMost(Duration.ofSeconds(120)).until(() -> Set.of("succeeded", "failed", "cancelled")
                .contains(http.get("/v1/jobs/" + id).json().path("state").asText()));
        JsonNode job = http.get("/v1/jobs/" + id).json();
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("succeeded");
        return job;
    }

    private static Path download(String url, String name) throws IOException {
        Http.Response r = http.get(url);
        assertThat(r.status()).as(url).isEqualTo(200);
        return Files.write(downloads.resolve(name), r.bytes());
    }

    private static JsonNode submitJson(Map<String, Object> job) {
        return done(http.post("/v1/jobs", Json.write(job)));
    }

    @ParameterizedTest
    @CsvSource({"wav, pcm_s16le", "mp3, mp3", "ogg, opus", "m4a, aac", "flac, flac"})
    void each_format_is_what_ffprobe_finds_with_captions_inside_its_duration(String format, String codec)
            throws IOException {
        JsonNode job = submitJson(Map.of("text", TWO_SENTENCES, "format", format));
        JsonNode result = job.path("result");
        Path file = download(result.path("audioUrl").asText(), "two." + format);
        JsonNode probe = Media.probe(file);
        assertThat(probe.path("streams").get(0).path("codec_name").asText()).isEqualTo(codec);
        double duration = probe.path("format").path("duration").asDouble();
        assertThat(duration).isCloseTo(result.path("durationSeconds").asDouble(), within(0.15));
        assertThat(result.path("bytes").asLong()).isEqualTo(Files.size(file));

        String vtt = http.get(result.path("captions").path("vtt").asText()).text();
        List<double[]> cues = Media.vttCues(vtt);
        assertThat(cues).hasSize(2);
        assertThat(cues.get(0)[0]).isZero();
        assertThat(cues.get(0)[1]).isLessThan(cues.get(1)[0]);
        assertThat(cues.get(1)[1]).isLessThanOrEqualTo(duration + 0.05);
        assertThat(vtt).contains("The first sentence is here.").contains("The second one follows it.");
        String srt = http.get(result.path("captions").path("srt").asText()).text();
        assertThat(srt).startsWith("1\n00:00:00,000 --> ").contains("\n\n2\n");
    }

    @Test
    void an_epub_becomes_an_m4b_with_its_chapters_titles_tags_cover_and_mapped_captions() throws IOException {
        byte[] epub = SampleBook.epub("Three Journeys", "Ada Writer", SampleBook.generated(3, 700));
        JsonNode job = done(http.postMultipart("/v1/jobs", "book.epub", epub, "format", "m4b"));
        assertThat(job.path("contentType").asText()).isEqualTo("application/epub+zip");
        assertThat(job.path("progress").path("chapters").asInt()).isEqualTo(3);
        JsonNode result = job.path("result");
        Path file = download(result.path("audioUrl").asText(), "book.m4b");
        JsonNode probe = Media.probe(file);

        JsonNode chapters = probe.path("chapters");
        assertThat(chapters).hasSize(3);
        List<String> titles = new ArrayList<>();
        chapters.forEach(c -> titles.add(c.path("tags").path("title").asText()));
        assertThat(titles).containsExactly("The First Journey", "The Second Journey", "The Third Journey");
        for (int i = 0; i < 3; i++) {
            assertThat(chapters.get(i).path("start_time").asDouble())
                    .isCloseTo(result.path("chapters").get(i).path("start").asDouble(), within(0.01));
        }
        assertThat(chapters.get(1).path("start_time").asDouble()).isEqualTo(chapters.get(0).path("end_time").asDouble());
        JsonNode tags = probe.path("format").path("tags");
        assertThat(tags.path("title").asText()).isEqualTo("Three Journeys");
        assertThat(tags.path("artist").asText()).isEqualTo("Ada Writer");
        assertThat(probe.path("streams")).anySatisfy(s -> {
            assertThat(s.path("codec_name").asText()).isEqualTo("png");
            assertThat(s.path("disposition").path("attached_pic").asInt()).isEqualTo(1);
        });

        JsonNode captions = Json.read(http.get(result.path("captions").path("json").asText()).text(), JsonNode.class);
        double duration = probe.path("format").path("duration").asDouble();
        double last = -1;
        for (JsonNode cue : captions.path("cues")) {
            assertThat(cue.path("start").asDouble()).isGreaterThan(last);
            assertThat(cue.path("end").asDouble()).isLessThanOrEqualTo(duration + 0.05);
            last = cue.path("start").asDouble();
            assertThat(cue.path("text").asText()).doesNotContain(SampleBook.FOOTNOTE_TEXT);
        }
        JsonNode second = captions.path("cues").get(1);
        assertThat(second.path("source").path("file").asText()).isEqualTo("OEBPS/text/ch1.xhtml");
        String xhtml = unzip(epub, "OEBPS/text/ch1.xhtml");
        assertThat(xhtml.substring(second.path("source").path("start").asInt(), second.path("source").path("end").asInt()))
                .as("a cue points back to its characters in the original").isEqualTo(second.path("text").asText());
        assertThat(captions.path("chapters")).hasSize(3);
        assertThat(captions.path("chapters").get(2).path("title").asText()).isEqualTo("The Third Journey");
    }

    @Test
    void markdown_headings_as_one_file_per_chapter_with_a_playlist() throws IOException {
        String md = "# Morning\n\nThe sun rises over the hills.\n\n# Evening\n\nThe moon rises over the sea.\n";
        JsonNode job = done(http.postAs("/v1/jobs?format=mp3&options=%7B%22chapters%22%3A%22files%22%7D",
                "text/markdown", md.getBytes(StandardCharsets.UTF_8)));
        JsonNode result = job.path("result");
        String m3u = http.get(result.path("audioUrl").asText()).text();
        assertThat(m3u).startsWith("#EXTM3U\n").contains(",Morning\n").contains(",Evening\n");
        List<String> entries = m3u.lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(entries).hasSize(2).allMatch(e -> e.startsWith("files/"));
        double total = 0;
        for (int i = 0; i < 2; i++) {
            String url = result.path("chapters").get(i).path("url").asText();
            assertThat(url).endsWith(entries.get(i));
            total += Media.probe(download(url, "part" + i + ".mp3")).path("format").path("duration").asDouble();
        }
        assertThat(total).isCloseTo(result.path("durationSeconds").asDouble(), within(0.3));
        assertThat(http.get(job.path("url").asText() + "/files/not-a-file.mp3").status()).isEqualTo(404);
    }

    @Test
    void markdown_headings_as_mp3_chapter_frames() throws IOException {
        String md = "# Morning\n\nThe sun rises.\n\n# Evening\n\nThe moon rises.\n";
        JsonNode job = done(http.postAs("/v1/jobs?format=mp3&options=%7B%22chapters%22%3A%22markers%22%7D",
                "text/markdown", md.getBytes(StandardCharsets.UTF_8)));
        JsonNode probe = Media.probe(download(job.path("result").path("audioUrl").asText(), "marked.mp3"));
        assertThat(probe.path("chapters")).hasSize(2);
        assertThat(probe.path("chapters").get(1).path("tags").path("title").asText()).isEqualTo("Evening");
    }

    @Test
    void pauses_are_the_configured_ones_and_seams_carry_no_long_silence() throws IOException {
        String text = "One sentence here. Another sentence here. A third sentence here.\n\nA new paragraph.";
        JsonNode tight = submitJson(Map.of("text", text, "options", Map.of("pauses",
                Map.of("sentence", 0, "paragraph", 0))));
        JsonNode loose = submitJson(Map.of("text", text, "options", Map.of("pauses",
                Map.of("sentence", 1000, "paragraph", 2000))));
        double difference = loose.path("result").path("durationSeconds").asDouble()
                - tight.path("result").path("durationSeconds").asDouble();
        assertThat(difference).as("two sentence pauses and one paragraph pause").isCloseTo(4.0, within(0.05));

        Path wav = download(loose.path("result").path("audioUrl").asText(), "loose.wav");
        assertThat(longestSilenceMillis(Files.readAllBytes(wav))).as("no silence longer than the longest pause")
                .isBetween(2000L, 2000L + 120);
    }

    @Test
    void sample_rate_and_bitrate_are_the_ones_asked_for() throws IOException {
        JsonNode job = submitJson(Map.of("text", TWO_SENTENCES, "format", "mp3",
                "options", Map.of("sampleRate", 16000, "bitrate", 32)));
        assertThat(job.path("result").path("sampleRate").asInt()).isEqualTo(16000);
        JsonNode stream = Media.probe(download(job.path("result").path("audioUrl").asText(), "rate.mp3"))
                .path("streams").get(0);
        assertThat(stream.path("sample_rate").asInt()).isEqualTo(16000);
        assertThat(stream.path("bit_rate").asInt()).isEqualTo(32000);
    }

    @Test
    void a_short_job_keeps_its_captions_in_its_ledger_row_and_stores_one_file() throws IOException {
        JsonNode job = submitJson(Map.of("text", TWO_SENTENCES));
        try (var files = Files.list(dir.resolve("audio"))) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(job.path("id").asText())))
                    .as("the audio only: no captions file to sync").hasSize(1).allMatch(n -> n.endsWith(".wav"));
        }
        JsonNode captions = Json.read(http.get(job.path("result").path("captions").path("json").asText()).text(),
                JsonNode.class);
        assertThat(captions.path("cues")).hasSize(2);
        assertThat(http.get(job.path("result").path("captions").path("srt").asText()).text())
                .startsWith("1\n00:00:00,000 --> ");
    }

    @Test
    void a_range_outside_the_file_is_a_416() {
        JsonNode job = submitJson(Map.of("text", "Short."));
        String url = job.path("result").path("audioUrl").asText();
        Http.Response r = http.get(url, "Range", "bytes=999999999-");
        assertThat(r.status()).isEqualTo(416);
        assertThat(r.header("Content-Range")).isEqualTo("bytes */" + job.path("result").path("bytes").asLong());
        assertThat(http.get(url, "Range", "bytes=-10").bytes()).hasSize(10);
    }

    @Test
    void loudness_is_normalised_to_the_target() throws IOException {
        JsonNode job = submitJson(Map.of("text", TWO_SENTENCES + " " + TWO_SENTENCES, "format", "flac",
                "options", Map.of("loudness", -16)));
        assertThat(Media.loudness(download(job.path("result").path("audioUrl").asText(), "loud.flac")))
                .isCloseTo(-16.0, within(2.0));
    }

    private static long longestSilenceMillis(byte[] wav) {
        int longest = 0;
        int run = 0;
        for (int i = Wav.HEADER_BYTES; i + 1 < wav.length; i += 2) {
            int sample = (short) ((wav[i] & 0xff) | (wav[i + 1] << 8));
            run = Math.abs(sample) < 256 ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        int rate = java.nio.ByteBuffer.wrap(wav, 24, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        return longest * 1000L / rate;
    }

    private static String unzip(byte[] zip, String name) throws IOException {
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new IllegalArgumentException(name);
    }
}
