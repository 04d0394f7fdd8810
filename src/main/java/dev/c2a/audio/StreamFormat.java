package dev.c2a.audio;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The formats of OpenAI's {@code response_format}, as c2a streams them: every one can be written
 * front to back as the speech is made (no seek back into the file: AAC goes as ADTS, Opus in Ogg).
 * {@code pcm} is raw 16-bit little-endian mono at 24 kHz, as OpenAI sends it.
 */
public enum StreamFormat {
    MP3("mp3", "audio/mpeg", List.of("-c:a", "libmp3lame", "-compression_level", "7", "-b:a", "64k"), "mp3", null),
    OPUS("opus", "audio/ogg", List.of("-c:a", "libopus", "-b:a", "32k"), "ogg", 48_000),
    AAC("aac", "audio/aac", List.of("-c:a", "aac", "-aac_coder", "fast", "-b:a", "64k"), "adts", null),
    FLAC("flac", "audio/flac", List.of("-c:a", "flac"), "flac", null),
    WAV("wav", "audio/wav", List.of(), null, null),
    PCM("pcm", "audio/pcm", List.of("-c:a", "pcm_s16le"), "s16le", 24_000);

    private final String wireName;
    private final String mediaType;
    private final List<String> codec;
    private final String muxer;
    private final Integer rate;

    StreamFormat(String wireName, String mediaType, List<String> codec, String muxer, Integer rate) {
        this.wireName = wireName;
        this.mediaType = mediaType;
        this.codec = codec;
        this.muxer = muxer;
        this.rate = rate;
    }

    public static Optional<StreamFormat> of(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.wireName.equals(n)).findFirst();
    }

    public String wireName() {
        return wireName;
    }

    public String mediaType() {
        return mediaType;
    }

    /** WAV is written here; every other format is made by ffmpeg. */
    public boolean needsEncoder() {
        return this != WAV;
    }

    /** ffmpeg's arguments after the input: codec, rate, muxer, to stdout. */
    List<String> ffmpegOutput(int inputRate) {
        List<String> c = new java.util.ArrayList<>(codec);
        c.addAll(List.of("-ar", String.valueOf(rate != null ? rate : inputRate), "-f", muxer, "pipe:1"));
        return c;
    }
}
