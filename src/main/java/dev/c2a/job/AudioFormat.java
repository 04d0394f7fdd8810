package dev.c2a.job;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Every audio format c2a writes, for a job's files and for speech streamed to a client alike: WAV
 * is written directly, the others are encoded by ffmpeg (whose codec and muxer for each are
 * {@code audio.Ffmpeg}'s business). A job names a format by its file extension ({@link #forJob}),
 * OpenAI's {@code response_format} by OpenAI's name ({@link #forSpeech}): "ogg" and "opus" are the
 * same Opus in Ogg. Not every format is offered on both: MP4 (m4a, m4b) cannot be written front to
 * back as speech is made, and ADTS AAC and raw PCM have no place for a job's chapters and tags.
 * {@code rates} lists the sample rates the codec takes (empty: any from 8 to 48 kHz).
 */
public enum AudioFormat {
    WAV("wav", true, "wav", "audio/wav", 0, Set.of()),
    MP3("mp3", true, "mp3", "audio/mpeg", 64, Set.of(8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)),
    OGG("ogg", true, "opus", "audio/ogg", 32, Set.of(8000, 12000, 16000, 24000, 48000)),
    M4A("m4a", true, null, "audio/mp4", 64, Set.of()),
    M4B("m4b", true, null, "audio/mp4", 64, Set.of()),
    FLAC("flac", true, "flac", "audio/flac", 0, Set.of()),
    AAC("aac", false, "aac", "audio/aac", 64, Set.of()),
    /** Raw 16-bit little-endian mono at 24 kHz, as OpenAI sends it. */
    PCM("pcm", false, "pcm", "audio/pcm", 0, Set.of(24000));

    private static final int MAX_RATE = 48000;

    private final String extension;
    private final boolean forJobs;
    private final String speechName;
    private final String mediaType;
    private final int defaultKbps;
    private final Set<Integer> rates;

    AudioFormat(String extension, boolean forJobs, String speechName, String mediaType, int defaultKbps,
                Set<Integer> rates) {
        this.extension = extension;
        this.forJobs = forJobs;
        this.speechName = speechName;
        this.mediaType = mediaType;
        this.defaultKbps = defaultKbps;
        this.rates = rates;
    }

    /** The file extension, and a job's name for the format. */
    public String extension() {
        return extension;
    }

    /** OpenAI's name for the format ({@code response_format}); null when speech is not streamed in it. */
    public String speechName() {
        return speechName;
    }

    public String mediaType() {
        return mediaType;
    }

    public boolean lossy() {
        return defaultKbps > 0;
    }

    public int defaultKbps() {
        return defaultKbps;
    }

    /** Whether the codec takes this sample rate; Opus, for one, only takes 8, 12, 16, 24 and 48 kHz. */
    public boolean accepts(int sampleRate) {
        return rates.isEmpty() ? sampleRate >= 8000 && sampleRate <= MAX_RATE : rates.contains(sampleRate);
    }

    public Set<Integer> rates() {
        return rates;
    }

    /** The rate audio at {@code inputRate} is written at when none is asked for: its own, else the highest the codec takes. */
    public int rateFor(int inputRate) {
        return accepts(inputRate) ? inputRate : rates.stream().max(Integer::compare).orElse(MAX_RATE);
    }

    /** Chapter marks inside the file: MP4 chapters, ID3 CHAP/CTOC, Vorbis comments. */
    public boolean chapters() {
        return forJobs && this != WAV;
    }

    /** An embedded cover picture (attached picture stream). */
    public boolean cover() {
        return this == MP3 || this == M4A || this == M4B || this == FLAC;
    }

    /** A job's format by its name (the extension). */
    public static Optional<AudioFormat> forJob(String name) {
        return find(name, f -> f.forJobs ? f.extension : null);
    }

    /** A streamed format by OpenAI's name. */
    public static Optional<AudioFormat> forSpeech(String name) {
        return find(name, AudioFormat::speechName);
    }

    /** The names {@link #forJob} takes, in order. */
    public static List<String> jobNames() {
        return Arrays.stream(values()).filter(f -> f.forJobs).map(AudioFormat::extension).toList();
    }

    /** The names {@link #forSpeech} takes, in order. */
    public static List<String> speechNames() {
        return Arrays.stream(values()).map(AudioFormat::speechName).filter(n -> n != null).toList();
    }

    private static Optional<AudioFormat> find(String name, java.util.function.Function<AudioFormat, String> naming) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> n.equals(naming.apply(f))).findFirst();
    }

    /** By extension, for files the store already holds. */
    public static String mediaTypeOf(String fileName) {
        String ext = fileName.substring(fileName.lastIndexOf('.') + 1);
        return switch (ext) {
            case "vtt" -> "text/vtt; charset=utf-8";
            case "srt" -> "application/x-subrip; charset=utf-8";
            case "json" -> "application/json";
            case "m3u" -> "audio/x-mpegurl; charset=utf-8";
            default -> forJob(ext).map(AudioFormat::mediaType).orElse("application/octet-stream");
        };
    }
}
