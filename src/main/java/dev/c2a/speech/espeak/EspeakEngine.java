package dev.c2a.speech.espeak;

import dev.c2a.audio.Wav;
import dev.c2a.speech.PcmFormat;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * espeak-ng in subprocesses, in one of two modes. Resident (the default when the {@code c2a-espeak}
 * helper was built into this jar): each call borrows a helper process that loaded espeak-ng once,
 * which halves the CPU of a short call. Command line (the fallback, or engine {@code espeak-ng-cli}):
 * one {@code espeak-ng} process per call, WAV into a scratch file. Either way a call that outlives its
 * deadline, or whose job is cancelled, is killed, and its process with it.
 */
public final class EspeakEngine implements SpeechEngine {
    static final int NORMAL_WPM = 175;
    private static final int STDERR_KEEP = 2_000;
    /**
     * why: speech is batch work and may take every core; at a lower CPU priority it still gets every
     * idle cycle, but the control plane (status, submit) is answered first when all workers are busy.
     */
    private static final List<String> NICE = java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/nice"))
            ? List.of("/usr/bin/nice", "-n", "10") : List.of();

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EspeakEngine.class);

    private final String binary;
    private final String version;
    private final EspeakVoices voices;
    /**
     * why: a cancelled deadline must leave the queue at once. CompletableFuture.delayedExecutor keeps
     * a cancelled task (and the Process it holds) queued until its delay ends, so heap grew with the
     * number of calls made within one engine-timeout.
     */
    private final ScheduledThreadPoolExecutor deadlines;
    /** The resident helper's executable, or null for the command-line mode. */
    private final String helper;
    private final BlockingQueue<ResidentEspeak> idleHelpers = new LinkedBlockingQueue<>();

    private EspeakEngine(String binary, String version, EspeakVoices voices, String helper) {
        this.binary = binary;
        this.version = version;
        this.voices = voices;
        this.helper = helper;
        this.deadlines = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("c2a-espeak-deadlines")
                .daemon().factory());
        deadlines.setRemoveOnCancelPolicy(true);
    }

    /**
     * Finds espeak-ng and reads its version and voices; fails with the install command if missing.
     *
     * @param resident use the resident helper when this jar has one (else the command line)
     */
    public static EspeakEngine start(boolean resident) {
        String binary = resolve(System.getenv().getOrDefault("C2A_ESPEAK_BINARY", "espeak-ng"));
        try {
            String banner = run(binary, "--version");
            String version = banner.replaceAll("(?s).*?(\\d+\\.\\d+(\\.\\d+)?).*", "$1").trim();
            String helper = resident ? ResidentHelper.extract() : null;
            if (resident && helper == null) {
                LOG.info("espeak-ng runs one process per call: this build has no c2a-espeak helper"
                        + " (it needs gcc and libespeak-ng-dev when built)");
            }
            return new EspeakEngine(binary, version, new EspeakVoices(run(binary, "--voices")), helper);
        } catch (IOException e) {
            throw new IllegalStateException("espeak-ng is not installed or cannot run (" + e.getMessage()
                    + "); install it with: sudo apt-get install -y espeak-ng", e);
        }
    }

    /** The absolute path, found once: a bare name makes every call search PATH (several failed execs). */
    private static String resolve(String binary) {
        if (binary.contains("/")) {
            return binary;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, binary);
            if (Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath().toString();
            }
        }
        return binary;
    }

    @Override
    public String name() {
        return "espeak-ng";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public List<Voice> voices() {
        return voices.all();
    }

    @Override
    public Optional<Voice> voice(String requested) {
        return voices.find(requested);
    }

    /** True when calls go to resident helpers rather than one espeak-ng process each. */
    public boolean resident() {
        return helper != null;
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        for (ResidentEspeak h = idleHelpers.poll(); h != null; h = idleHelpers.poll()) {
            h.close();
        }
    }

    /** Deadlines still scheduled: only calls in flight should have one. */
    int pendingDeadlines() {
        return deadlines.getQueue().size();
    }

    @Override
    public int concurrencyLimit() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public PcmFormat synthesize(SpeechRequest request, OutputStream pcm) throws SpeechException {
        return helper != null ? speakResident(request, pcm) : speakCommandLine(request, pcm);
    }

    private PcmFormat speakResident(SpeechRequest request, OutputStream pcm) throws SpeechException {
        ResidentEspeak h = idleHelpers.poll();
        try {
            if (h == null || !h.alive()) {
                h = ResidentEspeak.start(NICE, helper);
            }
        } catch (IOException e) {
            throw new SpeechException("cannot start espeak-ng: " + e.getMessage(), null, true);
        }
        ResidentEspeak current = h;
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            timedOut.set(true);
            current.close();
        }, request.deadline().toMillis(), TimeUnit.MILLISECONDS);
        boolean reusable = false;
        try (AutoCloseable onCancel = request.cancel().onFire(current::close)) {
            ResidentEspeak.Outcome outcome = current.speak(request.voice().id(), wordsPerMinute(request.speed()),
                    request.ssml(), request.text(), pcm);
            reusable = true;
            if (!outcome.done()) {
                throw new SpeechException("espeak-ng failed: " + outcome.message(), outcome.message(),
                        !outcome.message().contains("does not exist"));
            }
            return new PcmFormat(current.sampleRate(), 1);
        } catch (SpeechException e) {
            throw e;
        } catch (Exception e) {
            if (request.cancel().fired()) {
                throw new SpeechException("stopped: " + request.cancel().reason(), current.stderr(), true);
            }
            if (timedOut.get()) {
                throw deadlineExceeded(request, current.stderr());
            }
            throw new SpeechException("espeak-ng failed: " + e.getMessage(), current.stderr(), true);
        } finally {
            deadline.cancel(false);
            if (reusable && current.alive() && !timedOut.get() && !request.cancel().fired()) {
                idleHelpers.offer(current);
            } else {
                current.close();
            }
        }
    }

    private PcmFormat speakCommandLine(SpeechRequest request, OutputStream pcm) throws SpeechException {
        Path wav;
        try {
            wav = Files.createTempFile("c2a-espeak-", ".wav");
        } catch (IOException e) {
            throw new SpeechException("cannot create a scratch file for espeak-ng: " + e.getMessage(), null, true);
        }
        try {
            speakInto(request, wav);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(wav), 1 << 16)) {
                PcmFormat format = Wav.readHeader(in);
                in.transferTo(pcm);
                return format;
            }
        } catch (IOException e) {
            throw new SpeechException("cannot read espeak-ng's audio: " + e.getMessage(), null, true);
        } finally {
            try {
                Files.deleteIfExists(wav);
            } catch (IOException ignored) {
                // a scratch file left in the temporary directory costs disk, not correctness
            }
        }
    }

    /**
     * Runs espeak-ng with its WAV going straight to {@code wav}. why: through a pipe, each 4 KB that
     * espeak-ng writes wakes the reading worker, which (at normal priority) preempts the niced engine;
     * a file costs the JVM one read of the finished audio.
     */
    private void speakInto(SpeechRequest request, Path wav) throws SpeechException {
        List<String> command = new ArrayList<>(NICE);
        command.addAll(List.of(binary, "-w", wav.toString(), "-b", "1", "-v", request.voice().id(),
                "-s", Integer.toString(wordsPerMinute(request.speed()))));
        if (request.ssml()) {
            command.add("-m");
        }
        Process process;
        try {
            process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new SpeechException("cannot start espeak-ng: " + e.getMessage(), null, true);
        }
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> tail(process.getErrorStream()),
                Thread::startVirtualThread);
        // why: set before the kill, so the caller that sees the process die also sees why
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            timedOut.set(true);
            process.destroyForcibly();
        }, request.deadline().toMillis(), TimeUnit.MILLISECONDS);
        try (AutoCloseable onCancel = request.cancel().onFire(process::destroyForcibly)) {
            feed(process, request.text());
            int exit = process.waitFor();
            check(request, exit, stderr.join(), timedOut.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SpeechException("interrupted", null, true);
        } catch (SpeechException e) {
            throw e;
        } catch (Exception e) {
            process.destroyForcibly();
            throw new SpeechException("espeak-ng call failed: " + e.getMessage(), null, true);
        } finally {
            deadline.cancel(false);
        }
    }

    private void check(SpeechRequest request, int exit, String errors, boolean timedOut) throws SpeechException {
        if (request.cancel().fired()) {
            throw new SpeechException("stopped: " + request.cancel().reason(), errors, true);
        }
        if (timedOut) {
            throw deadlineExceeded(request, errors);
        }
        if (exit != 0 || errors.startsWith("Error:")) {
            throw new SpeechException("espeak-ng failed (exit code " + exit + "): " + lastLine(errors), errors,
                    !errors.contains("does not exist"));
        }
    }

    private static SpeechException deadlineExceeded(SpeechRequest request, String errors) {
        return new SpeechException("espeak-ng did not finish within " + request.deadline().toMillis()
                + " ms (setting engine-timeout) and was killed", errors, true);
    }

    /** Maps speed (1.0 = normal) to espeak-ng's words per minute, inside the range it accepts. */
    static int wordsPerMinute(double speed) {
        return (int) Math.round(Math.max(80, Math.min(450, NORMAL_WPM * speed)));
    }

    private static void feed(Process process, String text) {
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // the process died or was killed; its exit and stderr tell why
        }
    }

    private static String tail(InputStream err) {
        try (err) {
            byte[] all = err.readAllBytes();
            int from = Math.max(0, all.length - STDERR_KEEP);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed");
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
