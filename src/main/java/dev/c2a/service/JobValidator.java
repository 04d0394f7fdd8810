package dev.c2a.service;

import dev.c2a.job.JobSpec;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.Voice;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.SAXParserFactory;
import java.io.StringReader;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns a {@link JobRequest} into a {@link JobSpec}, or says exactly what is wrong with it. */
final class JobValidator {
    static final Set<String> FORMATS = Set.of("wav");
    static final double MIN_SPEED = 0.5;
    static final double MAX_SPEED = 2.5;
    private static final int MAX_KEY = 200;

    private final SpeechEngine engine;
    private final String defaultVoice;
    private final long maxTextBytes;

    JobValidator(SpeechEngine engine, String defaultVoice, long maxTextBytes) {
        this.engine = engine;
        this.defaultVoice = defaultVoice;
        this.maxTextBytes = maxTextBytes;
    }

    JobSpec validate(JobRequest r) {
        if (r == null) {
            throw new InvalidRequestException(422, "the job is empty; send {\"text\": \"...\"}");
        }
        String text = r.text();
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException(422, "text is empty or only white space; nothing to speak");
        }
        long bytes = utf8Length(text);
        if (bytes > maxTextBytes) {
            throw new InvalidRequestException(413, "text is " + bytes + " bytes; the limit is " + maxTextBytes
                    + " bytes (setting max-text-bytes)");
        }
        if (text.indexOf('\0') >= 0) {
            throw new InvalidRequestException(422, "text contains a NUL character");
        }
        Voice voice = voice(r.voice() == null ? defaultVoice : r.voice());
        String format = r.format() == null ? "wav" : r.format().trim().toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw new InvalidRequestException(422, "format '" + r.format() + "' is not supported; supported: "
                    + String.join(", ", FORMATS.stream().sorted().toList()));
        }
        double speed = r.speed() == null ? 1.0 : r.speed();
        if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
            throw new InvalidRequestException(422, "speed must be between " + MIN_SPEED + " and " + MAX_SPEED
                    + " (1.0 is normal), got " + r.speed());
        }
        String key = r.idempotencyKey();
        if (key != null && (key.isBlank() || key.length() > MAX_KEY || !key.chars().allMatch(c -> c > 31 && c != 127))) {
            throw new InvalidRequestException(422, "idempotencyKey must be 1 to " + MAX_KEY
                    + " printable characters");
        }
        boolean ssml = Boolean.TRUE.equals(r.ssml());
        if (ssml) {
            checkSsml(text);
        }
        return new JobSpec(text, voice.id(), format, speed, ssml, key);
    }

    Voice voice(String requested) {
        return engine.voice(requested).orElseThrow(() -> new InvalidRequestException(422, "voice '"
                + Echo.of(requested, 60) + "' is not offered by " + engine.name() + closeMatches(requested)));
    }

    private String closeMatches(String requested) {
        String want = requested.toLowerCase(Locale.ROOT);
        List<String> close = engine.voices().stream().map(Voice::id)
                .sorted(Comparator.comparingInt((String id) -> distance(want, id)).thenComparing(id -> id))
                .limit(5).toList();
        return close.isEmpty() ? "" : "; close matches: " + String.join(", ", close) + " (GET /v1/voices lists all)";
    }

    private static int distance(String want, String id) {
        int prefixBonus = id.startsWith(want) || want.startsWith(id) ? -10 : 0;
        return levenshtein(want, id) + prefixBonus;
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Well-formed XML, with external entities and DTDs refused (no XXE through SSML). */
    private static void checkSsml(String text) {
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.newSAXParser().parse(new org.xml.sax.InputSource(new StringReader(text)), new DefaultHandler());
        } catch (SAXParseException e) {
            throw new InvalidRequestException(422, "ssml is not well-formed XML at line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + ": " + e.getMessage());
        } catch (Exception e) {
            throw new InvalidRequestException(422, "ssml could not be read: " + e.getMessage());
        }
    }

    /** Counted without encoding: a surrogate pair is 4 bytes, 2 per half. */
    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }
}
