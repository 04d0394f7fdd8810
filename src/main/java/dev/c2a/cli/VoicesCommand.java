package dev.c2a.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

@Command(name = "voices", description = "List the engine's voices.")
final class VoicesCommand extends ClientCommand {
    @Option(names = "--language", description = "only voices whose language starts with this, e.g. en")
    String language;

    @Override
    int run(ApiClient api) {
        String q = language == null ? "" : "?language=" + java.net.URLEncoder.encode(language,
                java.nio.charset.StandardCharsets.UTF_8);
        print(api.get("/v1/voices" + q), v -> {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "LANGUAGE", "GENDER", "NAME"});
            for (JsonNode x : v.path("voices")) {
                rows.add(new String[] {x.path("id").asText(), x.path("language").asText(),
                        x.path("gender").asText("-"), x.path("name").asText()});
            }
            Views.table(out(), rows);
        });
        return ExitCodes.OK;
    }
}
