package dev.c2a.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.json.Json;
import dev.c2a.pcm.PcmFormat;
import dev.c2a.pcm.Wav;
import dev.c2a.testing.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job and a stream ({@code /v1/audio/speech}) of the same text take one path from plan to sink:
 * the same sentences, the same level, the same pauses between sentences and gaps between a
 * sentence's script runs, the same ffmpeg encoding. With espeak-ng's command line (one call per
 * sentence, as a stream speaks; the resident helper phrases a sentence a little differently inside a
 * paragraph, see {@link ParagraphCallsTest}) the audio of each is the same, sample for sample.
 */
class OneAudioPathTest {
    /** Latin and Han runs in one sentence: laid out with the gap between runs; then a sentence pause. */
    private static final String TEXT = "We said 我们去银行取钱 and went to the bank. Then we walked home.";

    @TempDir
    static Path dir;
    static C2aServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = C2a.builder().dataDir(dir).port(0).workers(1).engine("espeak-ng-cli").start();
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_wav_stream_is_sample_for_sample_the_wav_job_of_the_same_text() throws IOException {
        Http.Response streamed = http.post("/v1/audio/speech", Json.write(Map.of("model", "c2a", "voice", "alloy",
                "input", TEXT, "response_format", "wav")));
        assertThat(streamed.status()).as(streamed.text()).isEqualTo(200);
        byte[] job = jobAudio(Json.write(Map.of("text", TEXT, "format", "wav")));

        PcmFormat format = Wav.readHeader(new ByteArrayInputStream(job));
        assertThat(Wav.readHeader(new ByteArrayInputStream(streamed.bytes()))).isEqualTo(format);
        byte[] jobPcm = Arrays.copyOfRange(job, Wav.HEADER_BYTES, job.length);
        byte[] streamPcm = Arrays.copyOfRange(streamed.bytes(), Wav.HEADER_BYTES, streamed.bytes().length);
        double jobSeconds = jobPcm.length / (double) format.bytesPerSecond();
        double streamSeconds = streamPcm.length / (double) format.bytesPerSecond();
        assertThat(streamSeconds).as("the stream lasts as long as the job").isEqualTo(jobSeconds);
        assertThat(streamPcm).as("the stream's samples are the job's").isEqualTo(jobPcm);
    }

    @Test
    void a_flac_stream_decodes_to_the_samples_of_the_flac_job(@TempDir Path files) throws Exception {
        Http.Response streamed = http.post("/v1/audio/speech", Json.write(Map.of("model", "c2a", "voice", "alloy",
                "input", TEXT, "response_format", "flac")));
        assertThat(streamed.status()).as(streamed.text()).isEqualTo(200);
        byte[] job = jobAudio(Json.write(Map.of("text", TEXT, "format", "flac")));

        byte[] jobPcm = decoded(Files.write(files.resolve("job.flac"), job));
        assertThat(jobPcm.length).isGreaterThan(22050);
        assertThat(decoded(Files.write(files.resolve("stream.flac"), streamed.bytes()))).isEqualTo(jobPcm);
    }

    /** The file's audio as ffmpeg decodes it: 16-bit mono PCM at its own rate. */
    private static byte[] decoded(Path file) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "s16le", "-ac", "1",
                "pipe:1").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] pcm = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).as("ffmpeg decodes " + file.getFileName()).isZero();
        return pcm;
    }

    private static byte[] jobAudio(String request) {
        Http.Response submitted = http.post("/v1/jobs", request);
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(202);
        String id = submitted.json().path("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> Set.of("succeeded", "failed", "cancelled")
                .contains(http.get("/v1/jobs/" + id).json().path("state").asText()));
        JsonNode job = http.get("/v1/jobs/" + id).json();
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("succeeded");
        Http.Response audio = http.get(job.path("result").path("audioUrl").asText());
        assertThat(audio.status()).isEqualTo(200);
        return audio.bytes();
    }
}
