package dev.c2a.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The output formats a job can ask for: WAV is written directly; the others are encoded by ffmpeg
 * (whose codec for each is {@code audio.Ffmpeg}'s business). {@code rates} lists the sample rates
 * the codec accepts (empty: any from 8 to 48 kHz).
 */
public enum AudioFormat {
    WAV("wav", "audio/wav", 0, Set.of()),
    MP3("mp3", "audio/mpeg", 64, Set.of(8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)),
    OGG("ogg", "audio/ogg", 32, Set.of(8000, 12000, 16000, 24000, 48000)),
    M4A("m4a", "audio/mp4", 64, Set.of()),
    M4B("m4b", "audio/mp4", 64, Set.of()),
    FLAC("flac", "audio/flac", 0, Set.of());

    private final String extension;
    private final String mediaType;
    private final int defaultKbps;
    private final Set<Integer> rates;

    AudioFormat(String extension, String mediaType, int defaultKbps, Set<Integer> rates) {
        this.extension = extension;
        this.mediaType = mediaType;
        this.defaultKbps = defaultKbps;
        this.rates = rates;
    }

    public String extension() {
        return extension;
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
        return rates.isEmpty() ? sampleRate >= 8000 && sampleRate <= 48000 : rates.contains(sampleRate);
    }

    public Set<Integer> rates() {
        return rates;
    }

    /** Chapter marks inside the file: MP4 chapters, ID3 CHAP/CTOC, Vorbis comments. Not WAV. */
    public boolean chapters() {
        return this != WAV;
    }

    /** An embedded cover picture (attached picture stream). */
    public boolean cover() {
        return this == MP3 || this == M4A || this == M4B || this == FLAC;
    }

    public static Optional<AudioFormat> of(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.extension.equals(n)).findFirst();
    }

    /** By extension, for files the store already holds. */
    public static String mediaTypeOf(String fileName) {
        String ext = fileName.substring(fileName.lastIndexOf('.') + 1);
        return switch (ext) {
            case "vtt" -> "text/vtt; charset=utf-8";
            case "srt" -> "application/x-subrip; charset=utf-8";
            case "json" -> "application/json";
            case "m3u" -> "audio/x-mpegurl; charset=utf-8";
            default -> of(ext).map(AudioFormat::mediaType).orElse("application/octet-stream");
        };
    }
}
