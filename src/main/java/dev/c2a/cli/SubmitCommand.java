package dev.c2a.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.service.JobRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

@Command(name = "submit", description = "Submit text (from FILE, - for stdin, or --text) as a job.")
final class SubmitCommand extends ClientCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "UTF-8 text file, or - for stdin")
    String file;

    @Option(names = "--text", description = "the text itself")
    String text;

    @Option(names = "--voice", description = "voice id (see c2a voices)")
    String voice;

    @Option(names = "--format", description = "audio format (wav)")
    String format;

    @Option(names = "--speed", description = "1.0 is normal, 0.5 to 2.5")
    Double speed;

    @Option(names = "--ssml", description = "the text is SSML")
    boolean ssml;

    @Option(names = "--key", description = "idempotency key: submitting the same key again returns the same job")
    String key;

    @Option(names = "--wait", description = "wait until the job ends; exit 1 if it failed")
    boolean await;

    @Option(names = {"-o", "--output"}, description = "write the audio here (implies --wait)")
    Path output;

    @Override
    int run(ApiClient api) {
        String content = content();
        JsonNode job = api.post("/v1/jobs", new JobRequest(content, voice, format, speed, ssml ? true : null, key));
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

    private String content() {
        if ((text == null) == (file == null)) {
            throw new CliException(ExitCodes.USAGE, "give the text as FILE, - (stdin) or --text, exactly one of them");
        }
        if (text != null) {
            return text;
        }
        try (InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file))) {
            byte[] bytes = in.readAllBytes();
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CliException(ExitCodes.USAGE, file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
