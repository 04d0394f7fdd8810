package dev.c2a.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.api.JobRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

@Command(name = "say", description = "Speak TEXT into a file: submit, wait, download.")
final class SayCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "TEXT")
    String text;

    @Option(names = {"-o", "--output"}, required = true, description = "audio file to write")
    Path output;

    @Option(names = "--voice", description = "voice id (see c2a voices)")
    String voice;

    @Option(names = "--speed", description = "1.0 is normal, 0.5 to 2.5")
    Double speed;

    @Override
    int run(ApiClient api) {
        JsonNode job = api.post("/v1/jobs", new JobRequest(text, null, null, voice, OutputFormat.of(output), speed,
                null, null, null));
        JsonNode done = JobWait.untilFinal(api, job.path("id").asText());
        int code = JobWait.finish(api, done, output, err());
        if (code == ExitCodes.OK) {
            print(done, j -> out().printf("%s (%.2f s of audio)%n", output, j.path("result").path("durationSeconds")
                    .asDouble()));
        }
        return code;
    }
}
