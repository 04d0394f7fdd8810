package dev.c2a.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.api.JobRequest;
import dev.c2a.codec.StrictUtf8;
import dev.c2a.job.JobOptions;
import dev.c2a.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

@Command(name = "submit", description = "Submit content (FILE, - for stdin, or --text) as a job: plain text,"
        + " Markdown, HTML, SSML or EPUB, by --type or the file's extension.")
final class SubmitCommand extends ClientCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "content file, or - for stdin")
    String file;

    @Option(names = "--type", description = "content type: text, markdown, html, ssml, epub (or a media type);"
            + " default: by FILE's extension, else text")
    String type;

    @Option(names = "--chapters", description = "auto, none, markers (one file with chapter marks), files"
            + " (one file per chapter and a playlist)")
    String chapters;

    @Option(names = "--options", description = "job options as JSON, e.g. '{\"code\":\"skip\",\"loudness\":-16}'")
    String options;

    @Option(names = "--text", description = "the text itself")
    String text;

    @Option(names = "--voice", description = "voice id (see c2a voices)")
    String voice;

    @Option(names = "--format", description = "wav, mp3, ogg, m4a, m4b, flac; default: by --output's extension, else wav")
    String format;

    @Option(names = "--speed", description = "1.0 is normal, 0.5 to 2.5")
    Double speed;

    @Option(names = "--key", description = "idempotency key: submitting the same key again returns the same job")
    String key;

    @Option(names = "--wait", description = "wait until the job ends; exit 1 if it failed")
    boolean await;

    @Option(names = {"-o", "--output"}, description = "write the audio here (implies --wait)")
    Path output;

    @Override
    int run(ApiClient api) {
        JsonNode job = api.post("/v1/jobs", request());
        String id = job.path("id").asText();
        if (!await && output == null) {
            print(job, j -> out().println(id));
            return ExitCodes.OK;
        }
        JsonNode done = JobWait.untilFinal(api, id);
        int code = JobWait.finish(api, done, output, err());
        print(done, j -> out().println(id + " " + j.path("state").asText()
                + (output != null && code == 0 ? " -> " + output : "")));
        return code;
    }

    private JobRequest request() {
        if ((text == null) == (file == null)) {
            throw new CliException(ExitCodes.USAGE, "give the content as FILE, - (stdin) or --text, exactly one of them");
        }
        String contentType = type != null ? type : file != null && file.contains(".")
                ? file.substring(file.lastIndexOf('.') + 1) : null;
        if (contentType != null && contentType.equals("txt")) {
            contentType = null;
        }
        JobOptions jobOptions = jobOptions();
        String outputFormat = format != null ? format : OutputFormat.of(output);
        if (text != null) {
            return new JobRequest(text, contentType, null, voice, outputFormat, speed, null, jobOptions, key);
        }
        byte[] bytes = bytes();
        if ("epub".equalsIgnoreCase(contentType) || "application/epub+zip".equalsIgnoreCase(contentType)) {
            return new JobRequest(null, contentType, Base64.getEncoder().encodeToString(bytes), voice, outputFormat,
                    speed, null, jobOptions, key);
        }
        return new JobRequest(utf8(bytes), contentType, null, voice, outputFormat, speed, null, jobOptions, key);
    }

    private JobOptions jobOptions() {
        JobOptions o = JobOptions.DEFAULTS;
        if (options != null) {
            try {
                o = Json.MAPPER.readValue(options, JobOptions.class);
            } catch (java.io.IOException e) {
                throw new CliException(ExitCodes.USAGE, "--options is not a JSON object of job options: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        if (chapters != null) {
            o = new JobOptions(o.language(), o.code(), o.tables(), o.images(), chapters, o.chapterLevel(), o.pauses(),
                    o.loudness(), o.sampleRate(), o.bitrate(), o.lexicon(), o.normalize(), o.title(), o.author(),
                    o.album(), o.ttl());
        }
        return o.isDefault() ? null : o;
    }

    private byte[] bytes() {
        try (InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private String utf8(byte[] bytes) {
        try {
            return StrictUtf8.decode(bytes, "-".equals(file) ? "standard input" : file);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
    }
}
