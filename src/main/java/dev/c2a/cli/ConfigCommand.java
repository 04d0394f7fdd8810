package dev.c2a.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.c2a.config.Setting;
import dev.c2a.config.Settings;
import dev.c2a.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "config", description = "Print the effective configuration of serve (file < environment < flags).")
final class ConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ServerOptions options;

    @CommandLine.Option(names = "--json", description = "print JSON for scripts")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Settings settings = options.load(System.getenv());
        Map<String, String> values = settings.describe();
        if (json) {
            spec.commandLine().getOut().println(Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(values));
            return ExitCodes.OK;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SETTING", "VALUE", "FROM", "ENV"});
        values.forEach((k, v) -> {
            Setting s = Setting.byKey(k).orElseThrow();
            rows.add(new String[] {k, v, settings.sources().getOrDefault(s, "default"), s.env()});
        });
        Views.table(spec.commandLine().getOut(), rows);
        return ExitCodes.OK;
    }
}
