package dev.c2a.validation;

import dev.c2a.api.Echo;
import dev.c2a.api.InvalidRequestException;
import dev.c2a.codec.DurationText;
import dev.c2a.job.AudioFormat;
import dev.c2a.job.JobOptions;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a job's options, naming the option and the values it takes. */
final class OptionsValidator {
    static final int MAX_LEXICON = 1000;
    static final int MAX_PAUSE_MILLIS = 10_000;
    private static final Set<String> POLICIES = Set.of("skip", "announce", "read");
    private static final Set<String> CHAPTERS = Set.of("auto", "none", "markers", "files");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,6}");
    private static final int MAX_TAG = 500;
    /** A shorter ttl would be gone before most clients fetched the audio. */
    static final Duration MIN_TTL = Duration.ofMinutes(1);
    static final Duration MAX_TTL = Duration.ofDays(3650);

    JobOptions validate(JobOptions o, AudioFormat format) {
        if (o == null) {
            return JobOptions.DEFAULTS;
        }
        oneOf("options.code", o.code(), POLICIES);
        oneOf("options.tables", o.tables(), POLICIES);
        oneOf("options.images", o.images(), POLICIES);
        oneOf("options.chapters", o.chapters(), CHAPTERS);
        if (o.chapterLevel() != null && (o.chapterLevel() < 1 || o.chapterLevel() > 6)) {
            throw invalid("options.chapterLevel must be a heading level from 1 to 6, got " + o.chapterLevel());
        }
        if (o.language() != null && !LANGUAGE.matcher(o.language()).matches()) {
            throw invalid("options.language must be a BCP 47 tag such as en, en-GB or zh-CN, got '"
                    + Echo.of(o.language(), 40) + "'");
        }
        if (o.pauses() != null) {
            JobOptions.Pauses p = o.pauses();
            pause("sentence", p.sentence());
            pause("paragraph", p.paragraph());
            pause("heading", p.heading());
            pause("chapter", p.chapter());
        }
        if (o.loudness() != null && !(o.loudness() >= -70 && o.loudness() <= -5)) {
            throw invalid("options.loudness is a target in LUFS from -70 to -5 (-16 suits speech), got " + o.loudness());
        }
        if (o.sampleRate() != null && !format.accepts(o.sampleRate())) {
            throw invalid("options.sampleRate " + o.sampleRate() + " is not one " + format.extension() + " takes; "
                    + (format.rates().isEmpty() ? "any from 8000 to 48000" : "one of " + format.rates().stream()
                    .sorted().map(String::valueOf).toList()));
        }
        if (o.bitrate() != null) {
            if (!format.lossy()) {
                throw invalid("options.bitrate applies to mp3, ogg, m4a and m4b; " + format.extension()
                        + " is lossless");
            }
            if (o.bitrate() < 8 || o.bitrate() > 320) {
                throw invalid("options.bitrate is in kbit/s from 8 to 320, got " + o.bitrate());
            }
        }
        tag("options.title", o.title());
        tag("options.author", o.author());
        tag("options.album", o.album());
        lexicon(o.lexicon());
        ttl(o.ttl());
        return o.isDefault() ? JobOptions.DEFAULTS : o;
    }

    private static void lexicon(List<JobOptions.LexiconEntry> lexicon) {
        if (lexicon == null) {
            return;
        }
        if (lexicon.size() > MAX_LEXICON) {
            throw invalid("options.lexicon has " + lexicon.size() + " entries; at most " + MAX_LEXICON);
        }
        for (int i = 0; i < lexicon.size(); i++) {
            JobOptions.LexiconEntry e = lexicon.get(i);
            String at = "options.lexicon[" + i + "]";
            if (e == null || e.word() == null || e.word().isBlank() || e.word().length() > 100) {
                throw invalid(at + ".word must be 1 to 100 characters");
            }
            if ((e.say() == null) == (e.phonemes() == null)) {
                throw invalid(at + " needs exactly one of say (words) or phonemes");
            }
            String value = e.say() != null ? e.say() : e.phonemes();
            if (value.length() > 500 || value.contains("]]") || value.contains("[[")) {
                throw invalid(at + ": say and phonemes are at most 500 characters, without [[ or ]]");
            }
        }
    }

    private static void ttl(String ttl) {
        if (ttl == null) {
            return;
        }
        Duration d;
        try {
            d = DurationText.parse(ttl);
        } catch (IllegalArgumentException e) {
            throw invalid("options.ttl: expected a duration such as 12h, 7d or 90m, got '" + Echo.of(ttl, 40) + "'");
        }
        if (d.compareTo(MIN_TTL) < 0 || d.compareTo(MAX_TTL) > 0) {
            throw invalid("options.ttl must be from 1m to 3650d (10 years), got '" + Echo.of(ttl, 40) + "'");
        }
    }

    private static void tag(String name, String value) {
        if (value != null && (value.length() > MAX_TAG || value.chars().anyMatch(c -> c < 32))) {
            throw invalid(name + " must be at most " + MAX_TAG + " characters, without control characters");
        }
    }

    private static void pause(String name, Integer millis) {
        if (millis != null && (millis < 0 || millis > MAX_PAUSE_MILLIS)) {
            throw invalid("options.pauses." + name + " is in milliseconds from 0 to " + MAX_PAUSE_MILLIS + ", got "
                    + millis);
        }
    }

    private static void oneOf(String name, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw invalid(name + " must be one of " + allowed.stream().sorted().toList() + ", got '"
                    + Echo.of(value, 40) + "'");
        }
    }

    private static InvalidRequestException invalid(String message) {
        return InvalidRequestException.invalid(message);
    }
}
