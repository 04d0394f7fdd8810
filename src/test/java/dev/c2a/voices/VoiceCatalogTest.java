package dev.c2a.voices;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.json.Json;
import dev.c2a.testing.Http;
import dev.c2a.testing.Media;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** The catalog of flite and espeak-ng voices through a real server: ids, languages, defaults, samples, levels. */
class VoiceCatalogTest {
    @TempDir
    static Path dir;
    static C2aServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = C2a.builder().dataDir(dir.resolve("data")).port(0).workers(2).engine("flite,espeak-ng").start();
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode done(Map<String, Object> job) {
        Http.Response r = http.post("/v1/jobs", Json.write(job));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        String id = r.json().path("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> Set.of("succeeded", "failed")
                .contains(http.get("/v1/jobs/" + id).json().path("state").asText()));
        return http.get("/v1/jobs/" + id).json();
    }

    @Test
    void every_engines_voices_are_listed_with_stable_ids_tags_and_rates() {
        JsonNode all = http.get("/v1/voices").json();
        assertThat(all.path("engines")).extracting(JsonNode::asText).containsExactly("flite", "espeak-ng");
        assertThat(all.path("voices")).allSatisfy(v -> {
            assertThat(v.path("id").asText()).matches("(flite|espeak-ng):[a-z0-9-]+");
            assertThat(dev.c2a.speech.Languages.canonical(v.path("language").asText()))
                    .as("a well-formed BCP 47 tag").contains(v.path("language").asText());
        });
        JsonNode slt = find(all, "flite:slt");
        assertThat(slt.path("language").asText()).isEqualTo("en-US");
        assertThat(slt.path("gender").asText()).isEqualTo("female");
        assertThat(slt.path("sampleRate").asInt()).isEqualTo(16_000);
        assertThat(find(all, "espeak-ng:cmn-latn-pinyin").path("language").asText()).isEqualTo("cmn-Latn-pinyin");
        assertThat(find(all, "espeak-ng:en-gb").path("sampleRate").asInt()).isEqualTo(22_050);
        assertThat(find(all, "espeak-ng:en-us-nyc").path("language").asText()).isEqualTo("en-US-x-nyc");
        assertThat(all.path("defaults").path("en").asText()).isEqualTo("flite:slt");
        assertThat(all.path("defaults").path("zh").asText()).isEqualTo("espeak-ng:cmn-latn-pinyin");
        assertThat(all.path("defaults").path("de").asText()).isEqualTo("espeak-ng:de");
    }

    @Test
    void each_voice_says_what_its_engine_can_do_with_it() {
        JsonNode all = http.get("/v1/voices").json();
        JsonNode espeak = find(all, "espeak-ng:en-gb").path("capabilities");
        assertThat(espeak.has("ssml")).as("c2a reads SSML itself for every engine").isFalse();
        assertThat(espeak.path("wordTimings").asBoolean()).as("the resident helper reports words").isTrue();
        assertThat(espeak.path("multilingual").asBoolean()).isFalse();
        JsonNode flite = find(all, "flite:slt").path("capabilities");
        assertThat(flite.path("wordTimings").asBoolean()).isFalse();
        assertThat(flite.has("maxInput")).as("left out: no limit of its own").isFalse();
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode v : list.path("voices")) {
            if (v.path("id").asText().equals(id)) {
                return v;
            }
        }
        throw new AssertionError("no voice " + id);
    }

    @Test
    void voices_filter_by_language_and_engine_and_bad_filters_are_named() {
        JsonNode zh = http.get("/v1/voices?language=zh").json();
        assertThat(zh.path("voices")).extracting(v -> v.path("id").asText()).contains("espeak-ng:cmn-latn-pinyin")
                .allMatch(id -> id.contains("cmn") || id.contains("yue") || id.contains("hak"));
        JsonNode enGb = http.get("/v1/voices?language=en-GB").json();
        assertThat(enGb.path("voices")).extracting(v -> v.path("language").asText()).allMatch(l -> l.startsWith("en-GB"))
                .contains("en-GB-scotland");
        JsonNode flite = http.get("/v1/voices?engine=flite").json();
        assertThat(flite.path("voices")).hasSizeGreaterThanOrEqualTo(4)
                .allMatch(v -> v.path("id").asText().startsWith("flite:"));
        Http.Response badTag = http.get("/v1/voices?language=%3Cscript%3E");
        assertThat(badTag.status()).isEqualTo(400);
        assertThat(badTag.json().path("detail").asText()).contains("BCP 47");
        Http.Response badEngine = http.get("/v1/voices?engine=nope");
        assertThat(badEngine.status()).isEqualTo(400);
        assertThat(badEngine.json().path("detail").asText()).isEqualTo("engine 'nope' is not configured; engines: flite, espeak-ng");
    }

    @Test
    void a_sample_is_a_few_seconds_of_the_voice_made_once() throws IOException {
        Http.Response first = http.get("/v1/voices/flite:slt/sample");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Content-Type")).startsWith("audio/wav");
        Path wav = Files.write(dir.resolve("slt.wav"), first.bytes());
        JsonNode probe = Media.probe(wav);
        assertThat(probe.path("streams").get(0).path("sample_rate").asInt()).isEqualTo(16_000);
        assertThat(probe.path("format").path("duration").asDouble()).isBetween(2.0, 10.0);
        assertThat(http.get("/v1/voices/flite:slt/sample").bytes()).isEqualTo(first.bytes());
        Http.Response german = http.get("/v1/voices/espeak-ng:de/sample");
        assertThat(german.status()).isEqualTo(200);
        assertThat(german.bytes().length).isGreaterThan(22_050);
        assertThat(http.get("/v1/voices/nope:x/sample").status()).isEqualTo(404);
        assertThat(http.get("/v1/voices/flite:..%2F..%2Fetc%2Fpasswd/sample").status()).isEqualTo(404);
        assertThat(http.get("/v1/voices/" + "a".repeat(5000) + "/sample").status()).isIn(404, 414, 431);
        assertThat(http.get("/v1/service").status()).as("still answering").isEqualTo(200);
    }

    @Test
    void engines_that_differ_in_loudness_come_out_at_one_level() throws Exception {
        String text = "The quick brown fox jumps over the lazy dog. It was a bright cold day in April.";
        Path rawFlite = dir.resolve("raw-flite.wav");
        Path rawEspeak = dir.resolve("raw-espeak.wav");
        new ProcessBuilder("flite", "-voice", "slt", "-t", text, "-o", rawFlite.toString()).start().waitFor();
        new ProcessBuilder("espeak-ng", "-v", "en-us", "-w", rawEspeak.toString(), text).start().waitFor();
        double rawGap = Math.abs(Media.loudness(rawFlite) - Media.loudness(rawEspeak));

        double flite = loudnessOf(text, "flite:slt");
        double kal = loudnessOf(text, "flite:kal16");
        double espeak = loudnessOf(text, "espeak-ng:en-us");
        assertThat(rawGap).as("the engines as they come differ").isGreaterThan(2.5);
        assertThat(flite).isCloseTo(espeak, within(1.5));
        assertThat(kal).isCloseTo(espeak, within(1.5));
        assertThat(espeak).isBetween(-24.0, -17.0);
    }

    private static double loudnessOf(String text, String voice) throws IOException {
        JsonNode job = done(Map.of("text", text, "voice", voice));
        assertThat(job.path("state").asText()).isEqualTo("succeeded");
        Path wav = Files.write(dir.resolve(voice.replace(':', '-') + ".wav"),
                http.get(job.path("result").path("audioUrl").asText()).bytes());
        return Media.loudness(wav);
    }

    @Test
    void a_job_without_a_voice_gets_the_default_of_its_language_or_of_its_texts_script() {
        assertThat(voiceOf(Map.of("text", "Hello there."))).isEqualTo("flite:slt");
        assertThat(voiceOf(Map.of("text", "Hello there.", "options", Map.of("language", "en-GB"))))
                .isEqualTo("flite:awb");
        assertThat(voiceOf(Map.of("text", "Guten Tag.", "options", Map.of("language", "de"))))
                .isEqualTo("espeak-ng:de");
        assertThat(voiceOf(Map.of("text", "Hallo.", "options", Map.of("language", "de-AT"))))
                .isEqualTo("espeak-ng:de");
        assertThat(voiceOf(Map.of("text", "我们去银行取钱。"))).isEqualTo("espeak-ng:cmn-latn-pinyin");
        assertThat(voiceOf(Map.of("text", "我们去银行取钱。", "voice", "zh"))).isEqualTo("espeak-ng:cmn-latn-pinyin");
    }

    private static String voiceOf(Map<String, Object> job) {
        Http.Response r = http.post("/v1/jobs/dry-run", Json.write(job));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().path("voice").asText();
    }

    @Test
    void chinese_goes_to_espeak_as_pinyin_read_by_the_word_and_english_in_it_to_flite() {
        JsonNode plan = http.post("/v1/jobs/dry-run", Json.write(Map.of("text",
                "I went to the bank. 我们去银行取钱。"))).json();
        JsonNode sentences = plan.path("chapters").get(0).path("sentences");
        assertThat(sentences.get(0).path("spoken").get(0).path("voice").path("id").asText()).isEqualTo("flite:slt");
        JsonNode chinese = sentences.get(1).path("spoken").get(0);
        assertThat(chinese.path("voice").path("id").asText()).isEqualTo("espeak-ng:cmn-latn-pinyin");
        assertThat(chinese.path("text").asText()).isEqualTo("wo3 men5 qu4 yin2 hang2 qu3 qian2.");

        JsonNode job = done(Map.of("text", "I went to the bank. 我们去银行取钱。"));
        assertThat(job.path("state").asText()).isEqualTo("succeeded");
        assertThat(job.path("result").path("sampleRate").asInt()).as("the first sentence's engine's rate")
                .isEqualTo(16_000);
        assertThat(job.path("result").path("durationSeconds").asDouble()).isBetween(2.0, 10.0);
    }
}
