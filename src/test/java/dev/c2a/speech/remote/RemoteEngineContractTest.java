package dev.c2a.speech.remote;

import dev.c2a.testing.TestEngines;
import dev.c2a.config.SpeechSettings;
import dev.c2a.speech.SpeechEngineContract;
import dev.c2a.testing.OpenAiSpeechServer;
import dev.c2a.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** The remote engine against a real HTTP server that speaks the protocol (see {@link RemoteEngineTest}). */
class RemoteEngineContractTest extends SpeechEngineContract<RemoteEngine> {
    private static final String KEY = "sk-test-0123456789";
    private OpenAiSpeechServer server;

    @Override
    protected RemoteEngine start() throws Exception {
        server = new OpenAiSpeechServer(KEY);
        return new RemoteEngine(new SpeechSettings.Remote(URI.create(server.baseUrl()), KEY, "tts-1",
                List.of("alloy", "nova"), "en", false, 2, 4096, 2, Duration.ofSeconds(20), 3, Duration.ofSeconds(15)),
                new SettableClock(), TestEngines.DEADLINES);
    }

    @Override
    protected String englishVoice() {
        return "nova";
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
