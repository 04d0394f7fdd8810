package dev.c2a.speech.espeak;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.Utterance;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Several texts spoken as one paragraph (one espeak-ng call instead of one per text), then cut
 * back into one utterance per text where its first word begins. The texts are joined by a blank
 * line, which espeak-ng reads as the end of a paragraph, so each text ends as it would alone.
 */
final class Paragraph {
    static final String JOINER = "\n\n";
    /** The cut goes this far before a text's first word, into the pause that ends the text before it. */
    private static final int LEAD_MILLIS = 10;

    private final List<String> texts;
    private final String text;
    /** Each text's first code point in {@link #text}, and one past its last. */
    private final int[] starts;
    private final int[] ends;

    Paragraph(List<String> texts) {
        this.texts = List.copyOf(texts);
        this.text = String.join(JOINER, texts);
        this.starts = new int[texts.size()];
        this.ends = new int[texts.size()];
        int at = 0;
        for (int i = 0; i < texts.size(); i++) {
            starts[i] = at;
            ends[i] = at + texts.get(i).codePointCount(0, texts.get(i).length());
            at = ends[i] + JOINER.length();
        }
    }

    String text() {
        return text;
    }

    /**
     * One utterance per text, with its words; empty when a text has no word event to cut at (a
     * text of only symbols, say): the caller then speaks the texts one by one.
     */
    Optional<List<Utterance>> split(Spoken pcm, PcmFormat format, List<ResidentEspeak.WordEvent> events) {
        long[] first = new long[texts.size()];
        Arrays.fill(first, -1);
        List<List<ResidentEspeak.WordEvent>> words = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            words.add(new ArrayList<>());
        }
        for (ResidentEspeak.WordEvent e : events) {
            int i = textAt(e.position());
            if (i >= 0) {
                words.get(i).add(e);
                first[i] = first[i] < 0 ? e.millis() : Math.min(first[i], e.millis());
            }
        }
        if (Arrays.stream(first).anyMatch(ms -> ms < 0)) {
            return Optional.empty();
        }
        int frame = 2 * format.channels();
        long[] cut = new long[texts.size() + 1];
        for (int i = 1; i < texts.size(); i++) {
            long at = (first[i] - LEAD_MILLIS) * format.sampleRate() / 1000 * frame;
            cut[i] = Math.min(pcm.length(), Math.max(cut[i - 1], at));
        }
        cut[texts.size()] = pcm.length();
        List<Utterance> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            long startMillis = cut[i] / frame * 1000 / format.sampleRate();
            out.add(new Utterance(format, Arrays.copyOfRange(pcm.array(), (int) cut[i], (int) cut[i + 1]),
                    words(i, words.get(i), startMillis)));
        }
        return Optional.of(out);
    }

    /**
     * The paragraph's PCM as it came from the helper, read in place: copied out whole, a 200-character
     * text's 576 kB would be copied once more before being cut into its texts' own arrays.
     */
    static final class Spoken extends ByteArrayOutputStream {
        Spoken(int expected) {
            super(expected);
        }

        byte[] array() {
            return buf;
        }

        int length() {
            return count;
        }
    }

    /** The text a code point of {@link #text} belongs to, or -1 for the joiners between them. */
    private int textAt(int position) {
        for (int i = 0; i < texts.size(); i++) {
            if (position >= starts[i] && position < ends[i]) {
                return i;
            }
        }
        return -1;
    }

    /** Text {@code i}'s words, their positions in UTF-16 units of that text and times from its cut. */
    private List<Utterance.Word> words(int i, List<ResidentEspeak.WordEvent> events, long startMillis) {
        String t = texts.get(i);
        int length = t.codePointCount(0, t.length());
        List<Utterance.Word> out = new ArrayList<>(events.size());
        for (ResidentEspeak.WordEvent e : events) {
            int from = e.position() - starts[i];
            int to = Math.min(length, from + Math.max(0, e.length()));
            out.add(new Utterance.Word(t.offsetByCodePoints(0, from), t.offsetByCodePoints(0, to),
                    Math.max(0, e.millis() - startMillis)));
        }
        return out;
    }
}
