package dev.c2a.piper;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.config.InvalidSettingException;
import dev.c2a.json.Json;
import dev.c2a.pcm.PcmFormat;
import dev.c2a.pcm.Wav;
import dev.c2a.speech.CancelSignal;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Piper engine with its random-weight test voice (noise, not speech, through the real graph and
 * the real configuration): what is particular to it; the rules every engine keeps are
 * {@link PiperEngineContractTest}'s.
 */
class PiperEngineTest {
    private static Path voices;
    private static PiperEngine engine;

    @BeforeAll
    static void start() throws Exception {
        voices = PiperVoices.copyInto(Files.createTempDirectory("piper-voices"));
        engine = (PiperEngine) new PiperProvider().create(PiperVoices.context(voices));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static byte[] speak(String text, double speed) throws Exception {
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        PcmFormat format = engine.synthesize(new SpeechRequest(text, engine.voices().get(0), speed, false,
                Duration.ofSeconds(60), new CancelSignal()), pcm);
        assertThat(format).isEqualTo(new PcmFormat(22_050, 1));
        return pcm.toByteArray();
    }

    @Test
    void a_voice_is_its_files_name_with_the_language_and_sample_rate_of_its_configuration() {
        Voice v = engine.voices().get(0);
        assertThat(v.id()).isEqualTo("piper-random-tiny");
        assertThat(v.language()).isEqualTo("en-US");
        assertThat(v.sampleRate()).isEqualTo(22_050);
        assertThat(engine.voice("en").map(Voice::id)).contains("piper-random-tiny");
        assertThat(engine.capabilities(v).wordTimings()).isFalse();
        assertThat(engine.version()).startsWith("onnxruntime 1.");
    }

    @Test
    void phoneme_ids_are_start_pad_each_phoneme_and_pad_then_end_unknown_ones_left_out() {
        PiperVoice voice = engine.voice(engine.voices().get(0));
        // the test voice's map: _ 0, ^ 1, $ 2, ' ' 3, c 16, h 20, ə 59, ˈ 120; "☃" is not in it
        assertThat(voice.ids("hˈə c☃")).containsExactly(1, 0, 20, 0, 120, 0, 59, 0, 3, 0, 16, 0, 2);
        // decomposed as Piper decomposes: "ç" is c and a cedilla, which this map lacks
        assertThat(voice.ids("ç")).containsExactly(1, 0, 16, 0, 2);
    }

    @Test
    void clauses_are_joined_by_commas_and_the_sentence_keeps_its_final_mark() {
        assertThat(Phonemizer.join(" həlˈoʊ wˈɜːld\n hˈaʊ ɑːɹ juː\n", "Hello world, how are you?"))
                .isEqualTo("həlˈoʊ wˈɜːld, hˈaʊ ɑːɹ juː?");
        assertThat(Phonemizer.join("wˈʌn\n", "One")).isEqualTo("wˈʌn.");
        assertThat(Phonemizer.join("\n", "...")).isEmpty();
    }

    @Test
    void an_inference_whose_run_was_told_to_terminate_stops_with_an_error_and_the_next_one_runs() throws Exception {
        PiperVoice voice = engine.voice(engine.voices().get(0));
        long[] ids = voice.ids("həlˈoʊ wˈɜːld.");
        try (PiperEngine.Run run = new PiperEngine.Run()) {
            // what a deadline or a cancel does to a running inference (ONNX Runtime checks the flag as it runs)
            run.terminate();
            assertThatThrownBy(() -> engine.run(voice, ids, 1f, run)).isInstanceOf(ai.onnxruntime.OrtException.class)
                    .hasMessageContaining("erminat");
        }
        try (PiperEngine.Run run = new PiperEngine.Run()) {
            assertThat(engine.run(voice, ids, 1f, run)).isNotEmpty();
        }
        PiperEngine.Run closed = new PiperEngine.Run();
        closed.close();
        closed.terminate();
    }

    @Test
    void a_long_sentence_goes_to_the_model_in_pieces_cut_at_word_gaps() {
        String words = "abc ".repeat(250).strip();
        assertThat(PiperVoice.pieces(words)).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(
                PiperVoice.MAX_PHONEMES)).allSatisfy(p -> assertThat(p).doesNotStartWith(" ").endsWith("abc"));
        assertThat(String.join(" ", PiperVoice.pieces(words))).isEqualTo(words);
    }

    @Test
    void length_follows_the_text_and_the_speed_as_the_models_length_scale() throws Exception {
        double shortText = speak("Hello there.", 1.0).length;
        double longText = speak("Hello there. This is a much longer text, with many more words to say aloud.", 1.0)
                .length;
        assertThat(longText / shortText).isGreaterThan(3.0);
        double slow = speak("One two three four five six seven eight nine ten.", 0.5).length;
        double fast = speak("One two three four five six seven eight nine ten.", 2.0).length;
        // 4 in the scales; the test voice draws its durations with noise, so only the direction and a wide margin
        assertThat(slow / fast).as("length scale 2.0 against 0.5").isBetween(1.8, 8.0);
    }

    @Test
    void a_voice_without_its_configuration_or_with_a_broken_model_is_refused_naming_the_file(@TempDir Path dir)
            throws Exception {
        Path lonely = Files.createDirectories(dir.resolve("lonely"));
        Files.copy(voices.resolve("piper-random-tiny.onnx"), lonely.resolve("solo.onnx"));
        assertThatThrownBy(() -> new PiperProvider().create(PiperVoices.context(lonely)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("engine.piper.voices: cannot use " + lonely.resolve("solo.onnx"))
                .hasMessageContaining("no configuration solo.onnx.json");

        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.write(broken.resolve("bad.onnx"), "not a model".getBytes());
        Files.copy(voices.resolve("piper-random-tiny.onnx.json"), broken.resolve("bad.onnx.json"));
        assertThatThrownBy(() -> new PiperProvider().create(PiperVoices.context(broken)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("cannot use " + broken.resolve("bad.onnx") + ": ONNX Runtime cannot load it");

        Path badConfig = Files.createDirectories(dir.resolve("bad-config"));
        Files.copy(voices.resolve("piper-random-tiny.onnx"), badConfig.resolve("v.onnx"));
        Files.writeString(badConfig.resolve("v.onnx.json"), "{\"audio\": {}}");
        assertThatThrownBy(() -> new PiperProvider().create(PiperVoices.context(badConfig)))
                .hasMessageContaining("cannot use " + badConfig.resolve("v.onnx.json") + ": audio.sample_rate");

        assertThatThrownBy(() -> new PiperProvider().create(PiperVoices.context(dir.resolve("none"))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("engine.piper.voices: cannot read the directory " + dir.resolve("none"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> new PiperProvider().create(PiperVoices.context(empty)))
                .hasMessageStartingWith("engine.piper.voices: no Piper voice (NAME.onnx with NAME.onnx.json) in " + empty);
    }

    @Test
    void a_service_finds_the_engine_on_its_class_path_and_speaks_jobs_and_streams_with_it(@TempDir Path dir)
            throws Exception {
        try (C2aServer server = C2a.builder().dataDir(dir.resolve("data")).port(0).workers(2).engine("piper")
                .set("engine.piper.voices", voices.toString()).start()) {
            HttpClient http = HttpClient.newHttpClient();
            JsonNode listed = get(http, server.url() + "/v1/voices?engine=piper");
            assertThat(listed.toString()).contains("\"piper:piper-random-tiny\"").contains("22050");
            HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/jobs"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"Hello from Piper. It reads two sentences.\","
                            + " \"format\": \"wav\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
            String id = Json.read(submitted.body(), JsonNode.class).path("id").asText();
            await().atMost(Duration.ofSeconds(60)).until(() -> get(http, server.url() + "/v1/jobs/" + id)
                    .path("state").asText().matches("succeeded|failed"));
            JsonNode job = get(http, server.url() + "/v1/jobs/" + id);
            assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("succeeded");
            assertThat(job.path("voice").asText()).isEqualTo("piper:piper-random-tiny");
            byte[] wav = http.send(HttpRequest.newBuilder(URI.create(server.url() + job.path("result").path("audioUrl")
                    .asText())).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
            PcmFormat format = Wav.readHeader(new ByteArrayInputStream(wav));
            assertThat(format.sampleRate()).isEqualTo(22_050);
            assertThat(job.path("result").path("durationSeconds").asDouble())
                    .isCloseTo((wav.length - 44) / 2.0 / 22_050, org.assertj.core.data.Offset.offset(0.05));

            HttpResponse<byte[]> mp3 = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/audio/speech"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"tts-1\", \"input\": \"Streamed by Piper.\","
                            + " \"voice\": \"piper:piper-random-tiny\", \"response_format\": \"mp3\"}")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(mp3.statusCode()).isEqualTo(200);
            assertThat(mp3.body().length).isGreaterThan(2_000);
        }
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        return Json.read(http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body(), JsonNode.class);
    }
}
