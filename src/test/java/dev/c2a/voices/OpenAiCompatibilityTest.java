package dev.c2a.voices;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.speech.SpeechModel;
import com.openai.models.models.Model;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.testing.Http;
import dev.c2a.testing.Media;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * OpenAI's own Java client (com.openai:openai-java, from Maven Central), pointed at a running c2a by
 * its base URL: what an existing client of OpenAI's speech API needs to change to use c2a.
 */
class OpenAiCompatibilityTest {
    private static final String TOKEN = "c2a-test-token-0123456789";
    @TempDir
    static Path dir;
    static C2aServer server;
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        server = C2a.builder().dataDir(dir.resolve("data")).port(0).workers(2).engine("flite,espeak-ng")
                .set("api-token", TOKEN).start();
        client = OpenAIOkHttpClient.builder().baseUrl(server.url() + "/v1").apiKey(TOKEN).maxRetries(0)
                .timeout(Duration.ofSeconds(60)).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static Path speak(SpeechCreateParams params, String name) throws Exception {
        try (HttpResponse response = client.audio().speech().create(params); InputStream body = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            return Files.write(dir.resolve(name), body.readAllBytes());
        }
    }

    @Test
    void the_openai_client_gets_mp3_speech_for_an_openai_voice_name() throws Exception {
        Path mp3 = speak(SpeechCreateParams.builder().model(SpeechModel.TTS_1).voice(SpeechCreateParams.Voice.ALLOY)
                .input("Hello from c2a. This audio came through OpenAI's own client.").build(), "hello.mp3");
        JsonNode probe = Media.probe(mp3);
        assertThat(probe.path("streams").get(0).path("codec_name").asText()).isEqualTo("mp3");
        assertThat(probe.path("format").path("duration").asDouble()).isBetween(2.0, 12.0);
    }

    @Test
    void every_response_format_is_what_it_says_and_a_c2a_voice_id_and_speed_are_obeyed() throws Exception {
        for (var f : new SpeechCreateParams.ResponseFormat[] {SpeechCreateParams.ResponseFormat.OPUS,
                SpeechCreateParams.ResponseFormat.AAC, SpeechCreateParams.ResponseFormat.FLAC,
                SpeechCreateParams.ResponseFormat.WAV}) {
            Path file = speak(SpeechCreateParams.builder().model("c2a").voice("espeak-ng:en-us")
                    .responseFormat(f).input("Testing " + f + ".").build(), "out." + f);
            String codec = Media.probe(file).path("streams").get(0).path("codec_name").asText();
            assertThat(codec).as(f.toString()).isEqualTo(switch (f.toString()) {
                case "opus" -> "opus";
                case "aac" -> "aac";
                case "flac" -> "flac";
                default -> "pcm_s16le";
            });
        }
        Path pcm = speak(SpeechCreateParams.builder().model("c2a").voice("flite:slt")
                .responseFormat(SpeechCreateParams.ResponseFormat.PCM).input("One two three four five.").build(), "a.pcm");
        Path fast = speak(SpeechCreateParams.builder().model("c2a").voice("flite:slt").speed(2.0)
                .responseFormat(SpeechCreateParams.ResponseFormat.PCM).input("One two three four five.").build(), "b.pcm");
        double seconds = Files.size(pcm) / 2.0 / 24_000;
        assertThat(seconds).as("pcm is 24 kHz 16-bit, as OpenAI's").isBetween(1.0, 6.0);
        assertThat(Files.size(fast)).isLessThan(Files.size(pcm) * 7 / 10);
    }

    @Test
    void a_model_named_after_an_engine_speaks_with_it_and_models_are_listed() throws Exception {
        assertThat(client.models().list().data()).extracting(Model::id)
                .contains("tts-1", "tts-1-hd", "c2a", "flite", "espeak-ng");
        Path wav = speak(SpeechCreateParams.builder().model("espeak-ng").voice("alloy")
                .responseFormat(SpeechCreateParams.ResponseFormat.WAV).input("Spoken by espeak.").build(), "e.wav");
        assertThat(Media.probe(wav).path("streams").get(0).path("sample_rate").asInt()).isEqualTo(22_050);
        Path chinese = speak(SpeechCreateParams.builder().model(SpeechModel.TTS_1).voice("nova")
                .responseFormat(SpeechCreateParams.ResponseFormat.WAV).input("我们去银行取钱。").build(), "zh.wav");
        assertThat(Media.probe(chinese).path("streams").get(0).path("sample_rate").asInt())
                .as("Chinese input: the Chinese default (espeak-ng)").isEqualTo(22_050);
    }

    @Test
    void bad_requests_are_errors_the_client_reads_and_the_service_keeps_answering() {
        assertThatThrownBy(() -> client.audio().speech().create(SpeechCreateParams.builder().model("nope")
                .voice("alloy").input("x").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e ->
                        assertThat(e.getMessage()).contains("model: 'nope' is not served here"));
        assertThatThrownBy(() -> client.audio().speech().create(SpeechCreateParams.builder().model("tts-1")
                .voice("alloy").input("   ").build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("input: required");
        assertThatThrownBy(() -> client.audio().speech().create(SpeechCreateParams.builder().model("tts-1")
                .voice("alloy").input("x").speed(9.0).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("speed: must be between 0.25 and 4.0");
        assertThatThrownBy(() -> client.audio().speech().create(SpeechCreateParams.builder().model("tts-1")
                .voice("klingon:worf").input("x").build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("voice 'klingon:worf'");
        OpenAIClient wrongKey = OpenAIOkHttpClient.builder().baseUrl(server.url() + "/v1").apiKey("wrong")
                .maxRetries(0).build();
        try {
            assertThatThrownBy(() -> wrongKey.models().list()).isInstanceOf(UnauthorizedException.class);
        } finally {
            wrongKey.close();
        }
        Http http = new Http(server.url()).withToken(TOKEN);
        Http.Response malformed = http.post("/v1/audio/speech", "{\"model\": \"tts-1\", \"input\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("error").path("message").asText()).isNotBlank();
        Http.Response huge = http.post("/v1/audio/speech", "{\"model\": \"tts-1\", \"voice\": \"alloy\", \"input\": \""
                + "a".repeat(11 << 20) + "\"}");
        assertThat(huge.status()).isIn(400, 413);
        assertThat(http.get("/v1/service").status()).isEqualTo(200);
    }
}
