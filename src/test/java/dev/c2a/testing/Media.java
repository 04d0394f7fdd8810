package dev.c2a.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What ffprobe and ffmpeg say about a file: streams, chapters, tags, measured loudness. */
public final class Media {
    private static final Pattern INTEGRATED = Pattern.compile("I:\\s+(-?\\d+\\.\\d) LUFS");

    private Media() {
    }

    public static JsonNode probe(Path file) {
        return Json.read(run("ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
                "-show_chapters", file.toString()), JsonNode.class);
    }

    /** Integrated loudness (EBU R128) in LUFS, as ffmpeg's ebur128 filter measures it. */
    public static double loudness(Path file) {
        String out = run("ffmpeg", "-hide_banner", "-nostats", "-i", file.toString(), "-af", "ebur128", "-f", "null", "-");
        Matcher m = INTEGRATED.matcher(out);
        double last = Double.NaN;
        while (m.find()) {
            last = Double.parseDouble(m.group(1));
        }
        return last;
    }

    /** Start and end times (seconds) of each WebVTT cue, in file order. */
    public static List<double[]> vttCues(String vtt) {
        List<double[]> cues = new ArrayList<>();
        Matcher m = Pattern.compile("(\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d{3}) --> (\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d{3})")
                .matcher(vtt);
        while (m.find()) {
            cues.add(new double[] {seconds(m, 1), seconds(m, 5)});
        }
        return cues;
    }

    private static double seconds(Matcher m, int g) {
        return Integer.parseInt(m.group(g)) * 3600 + Integer.parseInt(m.group(g + 1)) * 60
                + Integer.parseInt(m.group(g + 2)) + Integer.parseInt(m.group(g + 3)) / 1000.0;
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                        + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(command[0] + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
