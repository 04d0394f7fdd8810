package dev.c2a.speech.espeak;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.process.Nice;
import dev.c2a.speech.Deadlines;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Utterance;
import dev.c2a.speech.WavCommand;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Calls go to {@code c2a-espeak} helpers (src/main/c), each borrowed by one call at a time and
 * returned when it answered cleanly. A helper that was killed (deadline, cancel) or misbehaved is
 * discarded; the next call starts a new one.
 */
final class ResidentCalls implements EspeakCalls {
    private final String helper;
    private final Deadlines deadlines;
    private final BlockingQueue<ResidentEspeak> idle = new LinkedBlockingQueue<>();

    ResidentCalls(String helper, Deadlines deadlines) {
        this.helper = helper;
        this.deadlines = deadlines;
    }

    @Override
    public PcmFormat speak(SpeechRequest request, OutputStream pcm) throws SpeechException {
        return speak(request, pcm, null);
    }

    /**
     * The texts as one paragraph in one call, cut back into one utterance per text at its first
     * word; empty when a text has no word to cut at (the caller then speaks them one by one).
     */
    Optional<List<Utterance>> speakAll(List<String> texts, SpeechRequest request) throws SpeechException {
        Paragraph paragraph = new Paragraph(texts);
        // why sized: grown from 32 bytes, the buffer copied itself 15 times on the way to a 200-character text's 530 kB
        Paragraph.Spoken pcm = new Paragraph.Spoken(expectedBytes(paragraph.text()));
        List<ResidentEspeak.WordEvent> words = new ArrayList<>();
        PcmFormat format = speak(new SpeechRequest(paragraph.text(), request.voice(), request.speed(), false,
                request.deadline().multipliedBy(texts.size()), request.cancel()), pcm, words);
        return paragraph.split(pcm, format, words);
    }

    /** About what espeak-ng makes of a text at its default rate: 3 kB of 22,050 Hz PCM per character, and a little more. */
    private static int expectedBytes(String text) {
        return (int) Math.min(64L << 20, 3_072L * text.length() + 65_536);
    }

    private PcmFormat speak(SpeechRequest request, OutputStream pcm, List<ResidentEspeak.WordEvent> words)
            throws SpeechException {
        ResidentEspeak h = borrow();
        boolean reusable = false;
        try (Deadlines.Armed deadline = deadlines.arm(request.deadline(), h::close);
             AutoCloseable onCancel = request.cancel().onFire(h::close)) {
            try {
                ResidentEspeak.Outcome outcome = h.speak(request.voice().id(),
                        EspeakCalls.wordsPerMinute(request.speed()), request.ssml(), request.text(), pcm, words);
                reusable = !deadline.passed() && !request.cancel().fired();
                if (!outcome.done()) {
                    throw new SpeechException("espeak-ng failed: " + outcome.message(), outcome.message(),
                            !outcome.message().contains("does not exist"));
                }
                return new PcmFormat(h.sampleRate(), 1);
            } catch (IOException e) {
                throw WavCommand.ended("espeak-ng", request, deadline, h.stderr(), "espeak-ng failed: " + e.getMessage());
            }
        } catch (SpeechException e) {
            throw e;
        } catch (Exception e) {
            throw new SpeechException("espeak-ng call failed: " + e.getMessage(), h.stderr(), true);
        } finally {
            if (reusable && h.alive()) {
                idle.offer(h);
            } else {
                h.close();
            }
        }
    }

    private ResidentEspeak borrow() throws SpeechException {
        for (ResidentEspeak h = idle.poll(); h != null; h = idle.poll()) {
            if (h.alive()) {
                return h;
            }
        }
        try {
            return ResidentEspeak.start(Nice.PREFIX, helper);
        } catch (IOException e) {
            throw new SpeechException("cannot start espeak-ng: " + e.getMessage(), null, true);
        }
    }

    @Override
    public void close() {
        for (ResidentEspeak h = idle.poll(); h != null; h = idle.poll()) {
            h.close();
        }
    }
}
