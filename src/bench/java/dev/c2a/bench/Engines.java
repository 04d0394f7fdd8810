package dev.c2a.bench;

import dev.c2a.C2aServer;
import dev.c2a.config.SpeechSettings;
import dev.c2a.json.Json;
import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.CancelSignal;
import dev.c2a.speech.Deadlines;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechEngines;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;
import dev.c2a.testing.SampleTexts;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * (g) Each engine: start-up cost and heap, real-time factor, first-audio latency of
 * {@code /v1/audio/speech}, and c2a's job throughput against the engine run directly on the same
 * texts two at a time (espeak-ng and flite as command lines, MaryTTS through its engine object, the
 * remote engine as HTTP calls to the speech server it talks to, here a second c2a).
 */
final class Engines implements Target {
    private static final int PARALLEL = 2;

    /** One engine under test: its name in settings, the voice, and how to run it directly. */
    private record Subject(String engine, String voice, int texts, Direct direct) {
    }

    @Override
    public void run(Bench bench) throws Exception {
        PrintWriter out = bench.out();
        out.printf("(g) per engine: texts of ~200 chars through c2a (%d workers, WAV) against the engine run"
                + " directly %d at a time on the same texts%n", PARALLEL, PARALLEL);
        List<Subject> subjects = new ArrayList<>();
        subjects.add(new Subject("espeak-ng", "espeak-ng:en-us", 200, (text, wav) ->
                command(List.of("espeak-ng", "-b", "1", "-v", "en-us", "-w", wav.toString()), text)));
        subjects.add(new Subject("flite", "flite:slt", 100, (text, wav) ->
                command(List.of("flite", "-voice", "slt", "-f", "/dev/stdin", "-o", wav.toString()), text)));
        if (new SpeechEngines(new SpeechSettings(List.of(), Map.of(), null), InstantSource.system(), bench.scratch("engines"),
                null).has("marytts")) {
            subjects.add(new Subject("marytts", "marytts:cmu-slt-hsmm", 30, null));
        } else {
            out.println("    marytts: not measured (build it with scripts/marytts, then run ./c2a bench)");
        }
        for (Subject s : subjects) {
            measure(bench, s, null);
        }
        // the remote engine, talking to a second c2a that serves /v1/audio/speech with espeak-ng
        try (C2aServer speechServer = bench.server("speech-server", "espeak-ng", PARALLEL, "process")) {
            String url = speechServer.url() + "/v1";
            HttpClient http = HttpClient.newHttpClient();
            measure(bench, new Subject("remote", "remote:alloy", 100, (text, wav) -> Files.write(wav,
                    remoteCall(http, url, text))), url);
        }
        out.println();
    }

    private static void measure(Bench bench, Subject s, String remoteUrl) throws Exception {
        SpeechSettings settings = new SpeechSettings(List.of(s.engine()), Map.of(), remoteUrl == null ? null
                : new SpeechSettings.Remote(URI.create(remoteUrl), null, "tts-1", List.of("alloy"), "en", false, 4, 4096, 2,
                Duration.ofSeconds(60), 5, Duration.ofSeconds(5)));
        long heapBefore = LiveHeap.bytes();
        long t = System.nanoTime();
        Deadlines deadlines = new Deadlines();
        SpeechEngine engine = new SpeechEngines(settings, InstantSource.system(), bench.scratch("engines"), deadlines)
                .create(s.engine());
        double startMillis = (System.nanoTime() - t) / 1e6;
        long heap = LiveHeap.bytes() - heapBefore;
        List<String> texts = SampleTexts.make(s.texts(), 200, 7);
        try (deadlines; engine) {
            Voice voice = engine.voice(s.voice().substring(s.voice().indexOf(':') + 1)).orElseThrow();
            double audio = 0;
            long speak = System.nanoTime();
            for (String text : texts.subList(0, Math.min(10, texts.size()))) {
                ByteArrayOutputStream pcm = new ByteArrayOutputStream();
                PcmFormat f = engine.synthesize(new SpeechRequest(text, voice, 1.0, false, Duration.ofSeconds(60),
                        new CancelSignal()), pcm);
                audio += pcm.size() / (double) f.bytesPerSecond();
            }
            double rtf = audio / ((System.nanoTime() - speak) / 1e9);
            Direct direct = s.direct() != null ? s.direct() : (text, wav) -> engine.synthesize(new SpeechRequest(text,
                    voice, 1.0, false, Duration.ofSeconds(60), new CancelSignal()), Files.newOutputStream(wav));
            Path wavs = Files.createDirectories(bench.scratch("direct-" + s.engine()));
            direct.speakAll(texts.subList(0, 4), PARALLEL, wavs);
            double directRate = texts.size() / Bench.seconds(() -> direct.speakAll(texts, PARALLEL, wavs));
            double serviceRate;
            double firstAudio;
            String engines = remoteUrl == null ? s.engine() : "remote";
            try (C2aServer c2a = remoteUrl == null ? bench.server("g-" + s.engine(), engines, PARALLEL, "process")
                    : bench.remoteServer("g-remote", remoteUrl, PARALLEL)) {
                Jobs.postBatch(c2a.url(), texts.subList(0, 4), s.voice());
                Jobs.awaitSucceeded(c2a.service(), 4);
                serviceRate = texts.size() / Bench.seconds(() -> {
                    Jobs.postBatch(c2a.url(), texts, s.voice());
                    Jobs.awaitSucceeded(c2a.service(), 4 + texts.size());
                });
                firstAudio = firstAudioMillis(c2a.url(), s.voice());
            }
            bench.out().printf("    %-9s %3d texts, start %7.0f ms, heap %+6.1f MB, %6.0fx real time, first audio %5.0f ms (p50 of 10),"
                            + " direct %5.1f texts/s, c2a %5.1f texts/s, ratio %.3f%n", s.engine(), texts.size(), startMillis,
                    heap / 1e6, rtf, firstAudio, directRate, serviceRate, serviceRate / directRate);
            bench.out().flush();
        }
    }

    private static void command(List<String> command, String text) throws Exception {
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = p.getOutputStream()) {
            in.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command.get(0) + " failed");
        }
    }

    private static byte[] remoteCall(HttpClient http, String url, String text) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url + "/audio/speech"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(
                        Map.of("model", "tts-1", "voice", "alloy", "input", text, "response_format", "wav"))))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("speech server answered " + r.statusCode());
        }
        return r.body();
    }

    /** Median time to the first byte of {@code /v1/audio/speech} (WAV) for a three-sentence text. */
    private static double firstAudioMillis(String url, String voice) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String text = "The first sentence is short. The second one is a little longer than the first."
                + " And the third sentence ends this text.";
        double[] millis = new double[10];
        for (int i = 0; i < millis.length; i++) {
            long t = System.nanoTime();
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/audio/speech"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(
                            Map.of("model", "c2a", "voice", voice, "input", text, "response_format", "wav"))))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = r.body()) {
                if (r.statusCode() != 200 || body.read() < 0) {
                    throw new IllegalStateException("/v1/audio/speech answered " + r.statusCode());
                }
                millis[i] = (System.nanoTime() - t) / 1e6;
                body.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
        Arrays.sort(millis);
        return millis[millis.length / 2];
    }
}
