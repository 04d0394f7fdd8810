package dev.c2a.marytts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.CancelSignal;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real MaryTTS, in this JVM, alone and as an engine of a running c2a: what is particular to it (the rules every
 * engine keeps: {@link MaryEngineContractTest}).
 */
class MaryEngineTest {
    private static MaryEngine engine;

    @BeforeAll
    static void start() throws Exception {
        engine = new MaryEngine();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static SpeechRequest request(String text, double speed) {
        return new SpeechRequest(text, engine.voices().get(0), speed, false, Duration.ofSeconds(60), new CancelSignal());
    }

    private static double rms(byte[] pcm) {
        double sum = 0;
        for (int i = 0; i + 1 < pcm.length; i += 2) {
            double s = (short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8));
            sum += s * s;
        }
        return Math.sqrt(sum / (pcm.length / 2.0));
    }

    @Test
    void speaks_english_with_its_hmm_voice_as_16_bit_little_endian_pcm() throws Exception {
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        PcmFormat format = engine.synthesize(request("The quick brown fox jumps over the lazy dog.", 1.0), pcm);
        assertThat(format.channels()).isEqualTo(1);
        assertThat(pcm.size() / 2.0 / format.sampleRate()).isBetween(1.5, 6.0);
        assertThat(rms(pcm.toByteArray())).as("speech, not silence or byte-swapped noise").isBetween(300.0, 8_000.0);
        assertThat(engine.voice("en").map(Voice::id)).contains("cmu-slt-hsmm");
        assertThat(engine.version()).startsWith("5.2");
    }

    @Test
    void a_faster_speed_makes_shorter_audio_and_markup_in_text_is_read_as_text() throws Exception {
        ByteArrayOutputStream normal = new ByteArrayOutputStream();
        ByteArrayOutputStream fast = new ByteArrayOutputStream();
        engine.synthesize(request("One two three four five six seven.", 1.0), normal);
        engine.synthesize(request("One two three four five six seven.", 1.8), fast);
        assertThat(fast.size()).isLessThan(normal.size() * 8 / 10);
        ByteArrayOutputStream tags = new ByteArrayOutputStream();
        PcmFormat f = engine.synthesize(request("a < b & c > d </prosody><break time=\"10s\"/>", 1.5), tags);
        assertThat(tags.size() / 2.0 / f.sampleRate()).as("no ten-second break obeyed").isLessThan(8.0);
    }

    @Test
    void writes_no_log_file_in_the_working_directory() throws Exception {
        engine.synthesize(request("Nothing to log.", 1.0), new ByteArrayOutputStream());
        assertThat(Path.of("log", "server.log")).doesNotExist();
    }

    @Test
    void a_c2a_with_marytts_first_speaks_english_jobs_with_it(@TempDir Path dir) throws Exception {
        try (C2aServer server = C2a.builder().dataDir(dir).port(0).workers(2).engine("auto").start()) {
            HttpClient http = HttpClient.newHttpClient();
            String voices = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/voices?engine=marytts"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(voices).contains("\"marytts:cmu-slt-hsmm\"").contains("\"en\":\"marytts:cmu-slt-hsmm\"");
            HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/jobs"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"Hello from Mary, who reads the English here. 我们去银行。\", \"format\": \"mp3\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(submitted.statusCode()).isEqualTo(202);
            String id = dev.c2a.json.Json.read(submitted.body(), JsonNode.class).path("id").asText();
            await().atMost(Duration.ofSeconds(120)).until(() -> job(http, server, id).path("state").asText()
                    .matches("succeeded|failed"));
            JsonNode job = job(http, server, id);
            assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("succeeded");
            assertThat(job.path("voice").asText()).isEqualTo("marytts:cmu-slt-hsmm");
            assertThat(job.path("result").path("durationSeconds").asDouble()).isBetween(1.5, 10.0);
            Path mp3 = Files.write(dir.resolve("mary.mp3"), http.send(HttpRequest.newBuilder(
                    URI.create(server.url() + job.path("result").path("audioUrl").asText())).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body());
            assertThat(Files.size(mp3)).isGreaterThan(5_000);
        }
    }

    private static JsonNode job(HttpClient http, C2aServer server, String id) throws Exception {
        return dev.c2a.json.Json.read(http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/jobs/" + id))
                .build(), HttpResponse.BodyHandlers.ofString()).body(), JsonNode.class);
    }
}
