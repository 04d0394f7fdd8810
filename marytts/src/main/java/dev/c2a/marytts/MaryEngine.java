package dev.c2a.marytts;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.pipeline.Segmenter;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;
import marytts.LocalMaryInterface;
import marytts.MaryInterface;
import marytts.exceptions.MaryConfigurationException;
import marytts.exceptions.SynthesisException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;

/**
 * MaryTTS 5.2 in this JVM (pure Java), with its HMM voice cmu-slt-hsmm: smoother English than
 * flite's, slower. MaryTTS starts once per process (seconds, ~256 MB of heap); each call gets its
 * own light {@link LocalMaryInterface}. Its log goes to c2a's log, never to ./log/server.log.
 *
 * <p>Used when this module's jar is on the class path: engine {@code marytts}, or {@code auto}.
 */
public final class MaryEngine implements SpeechEngine {
    static final String VOICE = "cmu-slt-hsmm";
    private static final String SSML = "http://www.w3.org/2001/10/synthesis";
    private final String version;
    private final List<Voice> voices;
    private final Segmenter sentences = new Segmenter("en-US");

    public MaryEngine() throws MaryConfigurationException {
        MaryLogging.quiet();
        MaryInterface mary = new LocalMaryInterface();
        if (!mary.getAvailableVoices().contains(VOICE)) {
            throw new MaryConfigurationException("MaryTTS has no voice " + VOICE + "; found " + mary.getAvailableVoices());
        }
        this.version = marytts.Version.specificationVersion();
        // one word spoken at start: it warms MaryTTS up (its first call is slow) and tells the voice's rate
        int rate;
        try {
            mary.setVoice(VOICE);
            try (AudioInputStream probe = mary.generateAudio("Ready.")) {
                rate = Math.round(probe.getFormat().getSampleRate());
                probe.readAllBytes();
            }
        } catch (SynthesisException | IOException e) {
            throw new MaryConfigurationException("MaryTTS cannot speak: " + e.getMessage(), e);
        }
        this.voices = List.of(new Voice(VOICE, "en-US", "CMU SLT (HMM, US English)", "female", rate));
    }

    @Override
    public String name() {
        return "marytts";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public List<Voice> voices() {
        return voices;
    }

    /** MaryTTS synthesises on the calling thread; one call per core keeps the others free. */
    @Override
    public int concurrencyLimit() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public PcmFormat synthesize(SpeechRequest request, OutputStream pcm) throws SpeechException {
        SpeechException.refuseBlank(request.text());
        if (!VOICE.equals(request.voice().id())) {
            throw new SpeechException("MaryTTS has no voice '" + request.voice().id() + "'", null, false);
        }
        long deadline = System.nanoTime() + request.deadline().toNanos();
        stopIfAsked(request, deadline);
        try {
            MaryInterface mary = new LocalMaryInterface();
            mary.setVoice(VOICE);
            // MaryTTS takes speed as SSML prosody, relative ("+80%"; "180%" and its Rate effect are ignored)
            boolean relative = Math.abs(request.speed() - 1.0) > 0.01;
            if (relative) {
                mary.setInputType("SSML");
            }
            // why one sentence at a time: MaryTTS cannot be stopped inside generateAudio (it does most of its
            // work there and ignores interrupts), so a deadline or a cancel is kept between sentences. The
            // work truly stops, at most one sentence late; no thread is left running. The pipeline sends
            // one sentence per call, which is never cut: only a long text is split.
            PcmFormat format = null;
            for (Segmenter.Sentence s : sentences.sentences(request.text())) {
                stopIfAsked(request, deadline);
                String sentence = request.text().substring(s.start(), s.end());
                format = speak(relative ? mary.generateAudio(ssml(sentence, request.speed()))
                        : mary.generateAudio(sentence), request, deadline, pcm);
            }
            return format;
        } catch (MaryConfigurationException e) {
            throw new SpeechException("MaryTTS is not configured: " + e.getMessage(), null, false);
        } catch (SynthesisException e) {
            throw new SpeechException("MaryTTS could not speak this: " + e.getMessage(), null, false);
        }
    }

    /** Ends the call, worth retrying, once its job is cancelled or its deadline has passed. */
    private static void stopIfAsked(SpeechRequest request, long deadline) throws SpeechException {
        if (request.cancel().fired()) {
            throw SpeechException.stopped(request.cancel());
        }
        if (System.nanoTime() - deadline > 0) {
            throw new SpeechException("MaryTTS did not finish within " + request.deadline().toMillis()
                    + " ms (setting engine-timeout) and was stopped", null, true);
        }
    }

    private static PcmFormat speak(AudioInputStream generated, SpeechRequest request, long deadline,
                                   OutputStream pcm) throws SpeechException {
        try (AudioInputStream audio = generated) {
            AudioFormat f = audio.getFormat();
            if (f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED || f.getSampleSizeInBits() != 16) {
                throw new SpeechException("MaryTTS answered " + f + ", not 16-bit PCM", null, false);
            }
            // MaryTTS made the audio in generateAudio (a cancel checked only here came over 30 s late on a
            // long text); one read may return a part of a buffer (even an odd number of bytes), so read
            // to its end and keep samples whole
            byte[] buffer = new byte[16 * 1024];
            int held = 0;
            for (int n = audio.read(buffer, held, buffer.length - held); n >= 0;
                 n = audio.read(buffer, held, buffer.length - held)) {
                stopIfAsked(request, deadline);
                int have = held + n;
                int whole = have - have % 2;
                if (f.isBigEndian()) {
                    swap(buffer, whole);
                }
                pcm.write(buffer, 0, whole);
                held = have - whole;
                if (held > 0) {
                    buffer[0] = buffer[whole];
                }
            }
            return new PcmFormat(Math.round(f.getSampleRate()), f.getChannels());
        } catch (IOException e) {
            throw new SpeechException("MaryTTS failed: " + e.getMessage(), null, true);
        }
    }

    /** An SSML document built as a tree, so the text can never become markup; rate relative to normal. */
    static Document ssml(String text, double speed) throws SpeechException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document doc = factory.newDocumentBuilder().newDocument();
            Element speak = doc.createElementNS(SSML, "speak");
            speak.setAttribute("version", "1.0");
            speak.setAttributeNS("http://www.w3.org/XML/1998/namespace", "xml:lang", "en-US");
            Element prosody = doc.createElementNS(SSML, "prosody");
            prosody.setAttribute("rate", String.format(Locale.ROOT, "%+d%%", Math.round((speed - 1) * 100)));
            prosody.appendChild(doc.createTextNode(text));
            speak.appendChild(prosody);
            doc.appendChild(speak);
            return doc;
        } catch (ParserConfigurationException e) {
            throw new SpeechException("cannot build SSML: " + e.getMessage(), null, false);
        }
    }

    private static void swap(byte[] b, int n) {
        for (int i = 0; i + 1 < n; i += 2) {
            byte t = b[i];
            b[i] = b[i + 1];
            b[i + 1] = t;
        }
    }
}
