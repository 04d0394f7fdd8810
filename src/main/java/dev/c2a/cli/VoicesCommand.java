package dev.c2a.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

@Command(name = "voices", description = "List every engine's voices (ids are engine:voice).")
final class VoicesCommand extends ClientCommand {
    @Option(names = "--language", description = "only voices of this language (BCP 47), e.g. en, en-GB, zh")
    String language;

    @Option(names = "--engine", description = "only this engine's voices, e.g. flite")
    String engine;

    @Override
    int run(ApiClient api) {
        List<String> query = new ArrayList<>();
        if (language != null) {
            query.add("language=" + URLEncoder.encode(language, StandardCharsets.UTF_8));
        }
        if (engine != null) {
            query.add("engine=" + URLEncoder.encode(engine, StandardCharsets.UTF_8));
        }
        print(api.get("/v1/voices" + (query.isEmpty() ? "" : "?" + String.join("&", query))), v -> {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "LANGUAGE", "GENDER", "RATE", "CAN", "NAME"});
            for (JsonNode x : v.path("voices")) {
                rows.add(new String[] {x.path("id").asText(), x.path("language").asText(),
                        x.path("gender").asText("-"), x.path("sampleRate").asInt() == 0 ? "-"
                        : Integer.toString(x.path("sampleRate").asInt()), can(x.path("capabilities")),
                        x.path("name").asText()});
            }
            Views.table(out(), rows);
        });
        return ExitCodes.OK;
    }

    /** The capabilities a voice has, in short: {@code words,any-language}, or "-" for plain text. */
    private static String can(JsonNode capabilities) {
        List<String> can = new ArrayList<>();
        if (capabilities.path("wordTimings").asBoolean()) {
            can.add("words");
        }
        if (capabilities.path("multilingual").asBoolean()) {
            can.add("any-language");
        }
        return can.isEmpty() ? "-" : String.join(",", can);
    }
}
