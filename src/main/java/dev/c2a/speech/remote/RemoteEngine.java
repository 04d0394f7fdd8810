package dev.c2a.speech.remote;

import dev.c2a.config.SpeechSettings;
import dev.c2a.json.Json;
import dev.c2a.pcm.PcmFormat;
import dev.c2a.pcm.Wav;
import dev.c2a.speech.Capabilities;
import dev.c2a.speech.Deadlines;
import dev.c2a.speech.EngineHealth;
import dev.c2a.speech.EngineUnavailableException;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A speech server speaking OpenAI's {@code POST /v1/audio/speech} (a GPU server of the user's, or
 * OpenAI itself). Calls answered 429 or 5xx, or not answered, are retried with backoff (a
 * Retry-After is honoured); input longer than the server's limit goes in pieces, split between
 * sentences or words. After several failures in a row the {@link CircuitBreaker} opens: calls are
 * then refused at once with {@link EngineUnavailableException}, and their jobs wait in the queue
 * without using attempts until a probe call succeeds.
 */
public final class RemoteEngine implements SpeechEngine {
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final SpeechSettings.Remote settings;
    private final URI endpoint;
    private final List<Voice> voices;
    private final HttpClient http;
    private final CircuitBreaker breaker;
    /** Closes a response body whose reading outlives its call's deadline. */
    private final Deadlines deadlines;

    /** @param deadlines where calls arm their deadlines (not closed by the engine) */
    public RemoteEngine(SpeechSettings.Remote settings, InstantSource clock, Deadlines deadlines) {
        this.deadlines = deadlines;
        this.settings = settings;
        this.endpoint = URI.create(settings.url() + "/audio/speech");
        this.voices = settings.voices().stream().map(v -> new Voice(v, settings.language(), v, null)).toList();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.breaker = new CircuitBreaker(settings.breakAfter(), settings.openFor(), clock);
    }

    @Override
    public String name() {
        return "remote";
    }

    @Override
    public String version() {
        return settings.model() + " at " + settings.url().getHost();
    }

    @Override
    public List<Voice> voices() {
        return voices;
    }

    @Override
    public int concurrencyLimit() {
        return settings.concurrency();
    }

    /**
     * No word times; sent in requests of at most {@code remote-max-chars} characters (OpenAI's
     * limit: 4,096); multilingual as {@code remote-multilingual} says.
     */
    @Override
    public Capabilities capabilities(Voice voice) {
        return new Capabilities(false, settings.multilingual(), settings.maxChars());
    }

    @Override
    public EngineHealth health() {
        return breaker.health();
    }

    @Override
    public PcmFormat synthesize(SpeechRequest request, OutputStream pcm) throws SpeechException {
        SpeechException.refuseBlank(request.text());
        String voice = request.voice().id();
        if (voices.stream().noneMatch(v -> v.id().equals(voice))) {
            // why before the call: a server may speak any name it is sent in some default voice
            throw new SpeechException("the remote engine has no voice '" + voice + "' (setting remote-voices)", null,
                    false);
        }
        // why one deadline for the whole call: pieces, retries and their waits all count against engine-timeout
        long deadline = System.nanoTime() + request.deadline().toNanos();
        PcmFormat format = null;
        for (String piece : TextPieces.split(request.text(), settings.maxChars())) {
            PcmFormat f = call(request, piece, pcm, deadline);
            if (format != null && !format.equals(f)) {
                throw new SpeechException("the remote server answered pieces of one text in different formats ("
                        + format + ", then " + f + ")", null, true);
            }
            format = f;
        }
        return format;
    }

    /** One piece, retried while the server answers 429/5xx or not at all; the circuit counts the outcome. */
    private PcmFormat call(SpeechRequest request, String input, OutputStream pcm, long deadline)
            throws SpeechException {
        Duration refused = breaker.refusedFor();
        if (refused.isPositive()) {
            throw unavailable(refused);
        }
        Answer last = null;
        for (int attempt = 0; attempt <= settings.retries(); attempt++) {
            if (last != null) {
                sleep(backoff(attempt, last.retryAfter()), request, deadline);
            }
            Answer answer;
            try {
                answer = send(request, input, pcm, deadline);
            } catch (DeadlinePassed e) {
                // the server had all the time there was: for the circuit a failure (a hanging server must
                // open it), not a call given up by its caller
                breaker.failed(last != null ? last.error() : e.getMessage());
                throw e;
            } catch (SpeechException e) {
                breaker.abandoned();
                throw e;
            }
            if (answer.format() != null) {
                breaker.succeeded();
                return answer.format();
            }
            last = answer;
            if (!answer.retryable()) {
                // the request was refused (400, 401, 404): the server is up, and trying again cannot help
                breaker.succeeded();
                throw new SpeechException("the remote speech server refused the call: " + answer.error(), null, false);
            }
        }
        if (breaker.failed(last.error())) {
            throw unavailable(breaker.refusedFor());
        }
        throw new SpeechException("the remote speech server failed " + (settings.retries() + 1) + " times: "
                + last.error(), null, true);
    }

    private EngineUnavailableException unavailable(Duration retryAfter) {
        return new EngineUnavailableException("remote speech server " + settings.url() + " is unavailable ("
                + breaker.health().detail() + "); jobs wait for it", retryAfter);
    }

    /** What one HTTP exchange gave: audio (format set), or an error and whether retrying may help. */
    private record Answer(PcmFormat format, String error, boolean retryable, Duration retryAfter) {
    }

    private Answer send(SpeechRequest request, String input, OutputStream pcm, long deadline) throws SpeechException {
        if (deadline - System.nanoTime() <= 0) {
            throw pastDeadline(request);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", settings.model());
        body.put("input", input);
        body.put("voice", request.voice().id());
        body.put("response_format", "wav");
        body.put("speed", Math.max(0.25, Math.min(4.0, request.speed())));
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint).timeout(settings.timeout())
                .header("Content-Type", "application/json").header("Accept", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (settings.key() != null) {
            http.header("Authorization", "Bearer " + settings.key());
        }
        if (request.cancel().fired()) {
            throw SpeechException.stopped(request.cancel());
        }
        CompletableFuture<HttpResponse<InputStream>> future = this.http.sendAsync(http.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response;
        try (AutoCloseable onCancel = request.cancel().onFire(() -> future.cancel(true))) {
            long wait = Math.min(TimeUnit.MILLISECONDS.toNanos(settings.timeout().toMillis() + 1_000),
                    deadline - System.nanoTime());
            response = future.get(wait, TimeUnit.NANOSECONDS);
            // why armed: the client has no read timeout for a body, and a server that answers 200 and
            // then trickles or stalls would hold the worker past its deadline and its cancel
            try (InputStream in = response.body();
                 Deadlines.Armed late = deadlines.arm(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
                         () -> closeQuietly(in));
                 AutoCloseable stopped = request.cancel().onFire(() -> closeQuietly(in))) {
                if (response.statusCode() == 200) {
                    PcmFormat format = Wav.readHeader(in);
                    // why buffered: a body cut off midway is retried, and its part must not stay in the audio
                    byte[] audio = in.readAllBytes();
                    pcm.write(audio);
                    return new Answer(format, null, false, null);
                }
                String text = new String(in.readNBytes(500), StandardCharsets.UTF_8).strip();
                int status = response.statusCode();
                return new Answer(null, "HTTP " + status + (text.isEmpty() ? "" : ": " + text),
                        status == 429 || status >= 500, retryAfter(response));
            }
        } catch (ExecutionException | IOException | TimeoutException e) {
            if (request.cancel().fired()) {
                throw SpeechException.stopped(request.cancel());
            }
            future.cancel(true);
            if (deadline - System.nanoTime() <= 0) {
                throw pastDeadline(request);
            }
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return new Answer(null, cause.getClass().getSimpleName() + (cause.getMessage() == null ? ""
                    : ": " + cause.getMessage()), true, null);
        } catch (java.util.concurrent.CancellationException e) {
            throw SpeechException.stopped(request.cancel());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new SpeechException("interrupted", null, true);
        } catch (Exception e) {
            throw new SpeechException("remote call failed: " + e.getMessage(), null, true);
        }
    }

    private static SpeechException pastDeadline(SpeechRequest request) {
        return new DeadlinePassed("the remote speech server did not finish within " + request.deadline().toMillis()
                + " ms (setting engine-timeout); the call was abandoned");
    }

    /** The call's deadline passed while the server was asked or answering. */
    private static final class DeadlinePassed extends SpeechException {
        DeadlinePassed(String message) {
            super(message, null, true);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // why ignored: closing only stops a read that outlived its call
        }
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }

    /** 200 ms doubling, or the server's Retry-After; never more than 5 s (past that, the circuit decides). */
    private static Duration backoff(int attempt, Duration retryAfter) {
        long millis = retryAfter != null ? retryAfter.toMillis() : 200L << Math.min(attempt - 1, 5);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    /** Waits {@code d}, or until the deadline if that comes first (the next send then reports it). */
    private static void sleep(Duration d, SpeechRequest request, long deadline) throws SpeechException {
        long nanos = Math.max(0, Math.min(d.toNanos(), deadline - System.nanoTime()));
        Instant end = Instant.now().plusNanos(nanos);
        while (Instant.now().isBefore(end)) {
            if (request.cancel().fired()) {
                throw SpeechException.stopped(request.cancel());
            }
            try {
                Thread.sleep(Math.min(50, Math.max(1, Duration.between(Instant.now(), end).toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SpeechException("interrupted", null, true);
            }
        }
    }
}
