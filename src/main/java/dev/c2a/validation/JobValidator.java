package dev.c2a.validation;

import dev.c2a.api.Echo;
import dev.c2a.api.InvalidRequestException;
import dev.c2a.api.JobRequest;
import dev.c2a.audio.Encoder;
import dev.c2a.audio.Encoding;
import dev.c2a.codec.StrictUtf8;
import dev.c2a.job.AudioFormat;
import dev.c2a.job.ContentType;
import dev.c2a.job.JobOptions;
import dev.c2a.job.JobSpec;
import dev.c2a.job.Reply;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.Voice;
import dev.c2a.speech.VoiceChoice;
import dev.c2a.webhook.WebhookTargets;

import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Turns a {@link JobRequest} into a {@link JobSpec}, or says exactly what is wrong with it. */
public final class JobValidator {
    public static final double MIN_SPEED = 0.5;
    public static final double MAX_SPEED = 2.5;
    private static final int MAX_KEY = 200;

    private final SpeechEngine engine;
    private final String defaultVoice;
    private final long maxTextBytes;
    private final long maxUploadBytes;
    private final Encoder encoder;
    private static final int MAX_CORRELATION_ID = 200;
    private final OptionsValidator options = new OptionsValidator();
    private final WebhookTargets webhooks;

    public JobValidator(SpeechEngine engine, String defaultVoice, long maxTextBytes, long maxUploadBytes, Encoder encoder) {
        this(engine, defaultVoice, maxTextBytes, maxUploadBytes, encoder, new WebhookTargets(false, false));
    }

    /** @param webhooks which callback URLs jobs may name */
    public JobValidator(SpeechEngine engine, String defaultVoice, long maxTextBytes, long maxUploadBytes, Encoder encoder,
                        WebhookTargets webhooks) {
        this.webhooks = webhooks;
        this.engine = engine;
        this.defaultVoice = defaultVoice;
        this.maxTextBytes = maxTextBytes;
        this.maxUploadBytes = maxUploadBytes;
        this.encoder = encoder;
        // the default voice is checked now, so that a wrong setting stops the start, not every job
        voice(defaultVoice);
    }

    public JobSpec validate(JobRequest r) {
        return validate(r, null);
    }

    /** @param upload the bytes of an uploaded file, or null when the content is in the request */
    public JobSpec validate(JobRequest r, byte[] upload) {
        if (r == null) {
            throw InvalidRequestException.invalid("the job is empty; send {\"text\": \"...\"}");
        }
        ContentType type = contentType(r);
        String text = r.text();
        byte[] body = bytes(r, upload);
        if (body != null && text != null) {
            throw InvalidRequestException.invalid("send the content once: as text, or as a file or contentBase64,"
                    + " not both");
        }
        if (body != null && !type.binary()) {
            text = utf8(body, type);
            body = null;
        }
        if (type.binary() && body == null) {
            throw InvalidRequestException.invalid("content of type " + type.mediaType() + " must be uploaded as a"
                    + " file (multipart field 'file', or the request body) or sent as contentBase64");
        }
        if (!type.binary()) {
            checkText(text);
        }
        String format = r.format() == null ? "wav" : r.format().trim().toLowerCase(Locale.ROOT);
        AudioFormat audioFormat = AudioFormat.forJob(format).orElseThrow(() -> InvalidRequestException.invalid("format '"
                + Echo.of(r.format(), 40) + "' is not supported; supported: " + String.join(", ", AudioFormat.jobNames())));
        double speed = r.speed() == null ? 1.0 : r.speed();
        if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
            throw InvalidRequestException.invalid("speed must be between " + MIN_SPEED + " and " + MAX_SPEED
                    + " (1.0 is normal), got " + r.speed());
        }
        String key = r.idempotencyKey();
        if (key != null && (key.isBlank() || key.length() > MAX_KEY || !key.chars().allMatch(c -> c > 31 && c != 127))) {
            throw InvalidRequestException.invalid("idempotencyKey must be 1 to " + MAX_KEY
                    + " printable characters");
        }
        JobOptions jobOptions = options.validate(r.options(), audioFormat);
        Voice voice = voice(chooseVoice(r.voice(), jobOptions.language(), text));
        if (!Encoding.direct(audioFormat, jobOptions.sampleRate(), jobOptions.loudness()) && !encoder.available()) {
            throw InvalidRequestException.invalid("format " + format + (audioFormat == AudioFormat.WAV
                    ? " with a sample rate or loudness" : "") + " needs ffmpeg, which does not run here ('"
                    + encoder.program() + "', setting ffmpeg); install it (apt-get install ffmpeg) or ask for wav");
        }
        return new JobSpec(type, type.binary() ? "" : text, body, voice.id(), format, speed, jobOptions, key,
                reply(r));
    }

    /** The callback URL (refused when it is not one the service may call) and the correlation id. */
    private Reply reply(JobRequest r) {
        String correlation = r.correlationId();
        if (correlation != null && (correlation.isEmpty() || correlation.length() > MAX_CORRELATION_ID
                || !correlation.chars().allMatch(c -> c > 31 && c != 127))) {
            throw InvalidRequestException.invalid("correlationId must be 1 to " + MAX_CORRELATION_ID
                    + " printable characters");
        }
        String callback = r.callbackUrl();
        if (callback != null) {
            webhooks.callbackRefusal(callback).ifPresent(why -> {
                throw InvalidRequestException.invalid("callbackUrl '" + Echo.of(callback, 80) + "' " + why);
            });
        }
        return Reply.of(null, null, correlation, null, callback);
    }

    private static ContentType contentType(JobRequest r) {
        ContentType type = ContentType.PLAIN;
        if (r.contentType() != null) {
            try {
                type = ContentType.of(r.contentType());
            } catch (IllegalArgumentException e) {
                throw InvalidRequestException.invalid("contentType " + e.getMessage().replace(r.contentType(),
                        Echo.of(r.contentType(), 60)));
            }
        }
        if (Boolean.TRUE.equals(r.ssml())) {
            if (r.contentType() != null && type != ContentType.SSML) {
                throw InvalidRequestException.invalid("ssml is true but contentType is " + type.mediaType()
                        + "; send one of them");
            }
            type = ContentType.SSML;
        }
        return type;
    }

    private byte[] bytes(JobRequest r, byte[] upload) {
        byte[] body = upload;
        if (r.contentBase64() != null) {
            if (upload != null) {
                throw InvalidRequestException.invalid("send the content once: an uploaded file or contentBase64");
            }
            if (r.contentBase64().length() / 4 * 3 > maxUploadBytes + 3) {
                throw tooLarge(r.contentBase64().length() / 4 * 3);
            }
            try {
                // line breaks are allowed (MIME style); any other stray character is an error
                body = Base64.getDecoder().decode(r.contentBase64().replaceAll("\\s+", ""));
            } catch (IllegalArgumentException e) {
                throw InvalidRequestException.invalid("contentBase64 is not valid base64: " + e.getMessage());
            }
        }
        if (body != null && body.length == 0) {
            throw InvalidRequestException.invalid("the uploaded content is empty");
        }
        if (body != null && body.length > maxUploadBytes) {
            throw tooLarge(body.length);
        }
        return body;
    }

    private InvalidRequestException tooLarge(long bytes) {
        return InvalidRequestException.tooLarge("the content is " + bytes + " bytes; the limit is " + maxUploadBytes
                + " bytes (setting max-upload-bytes)");
    }

    private static String utf8(byte[] body, ContentType type) {
        try {
            return StrictUtf8.decode(body, "the " + type.mediaType() + " content");
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.invalid(e.getMessage());
        }
    }

    private void checkText(String text) {
        if (text == null || text.isBlank()) {
            throw InvalidRequestException.invalid("text is empty or only white space; nothing to speak");
        }
        long bytes = utf8Length(text);
        if (bytes > maxTextBytes) {
            throw InvalidRequestException.tooLarge("text is " + bytes + " bytes; the limit is " + maxTextBytes
                    + " bytes (setting max-text-bytes)");
        }
        if (text.indexOf('\0') >= 0) {
            throw InvalidRequestException.invalid("text contains a NUL character");
        }
        if (text.chars().noneMatch(Character::isLetterOrDigit)) {
            throw InvalidRequestException.invalid("text has no letters or digits; nothing to speak");
        }
    }

    /**
     * The voice asked for; else the default of the language asked for; else, for a Chinese text,
     * the Chinese default; else the configured default voice (or language).
     */
    private String chooseVoice(String voice, String language, String text) {
        if (voice != null) {
            return voice;
        }
        if (language != null) {
            return language;
        }
        return VoiceChoice.languageFor(text, null).orElse(defaultVoice);
    }

    Voice voice(String requested) {
        return engine.voice(requested).orElseThrow(() -> InvalidRequestException.invalid("voice '"
                + Echo.of(requested, 60) + "' is not offered by " + engine.name().replace(",", " or ") + closeMatches(requested)));
    }

    private String closeMatches(String requested) {
        String want = requested.toLowerCase(Locale.ROOT);
        List<String> close = engine.voices().stream().map(Voice::id)
                .sorted(Comparator.comparingInt((String id) -> distance(want, id)).thenComparing(id -> id))
                .limit(5).toList();
        return close.isEmpty() ? "" : "; close matches: " + String.join(", ", close) + " (GET /v1/voices lists all)";
    }

    /** How far a request is from a voice id, or from its part after "engine:" ("en-uss" is close to "espeak-ng:en-us"). */
    private static int distance(String want, String id) {
        String own = id.substring(id.indexOf(':') + 1);
        int prefixBonus = own.startsWith(want) || want.startsWith(own) || id.startsWith(want) ? -10 : 0;
        return Math.min(levenshtein(want, id), levenshtein(want, own)) + prefixBonus;
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
