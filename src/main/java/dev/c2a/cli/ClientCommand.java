package dev.c2a.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.c2a.json.Json;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** A command that talks to a running service over HTTP. */
abstract class ClientCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--url", description = "service URL (env C2A_URL; default ${DEFAULT-VALUE})",
            defaultValue = "${env:C2A_URL:-http://127.0.0.1:8080}")
    String url;

    @CommandLine.Option(names = "--token", description = "API token (env C2A_API_TOKEN)",
            defaultValue = "${env:C2A_API_TOKEN}")
    String token;

    @CommandLine.Option(names = "--json", description = "print JSON for scripts")
    boolean json;

    @Override
    public final Integer call() {
        try {
            return run(new ApiClient(url, token));
        } catch (CliException e) {
            err().println("c2a: " + e.getMessage());
            return e.exitCode();
        }
    }

    abstract int run(ApiClient api);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    void printJson(JsonNode node) {
        try {
            out().println(Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CliException(1, e.getMessage());
        }
    }

    /** Prints JSON when asked, else the human form. */
    void print(JsonNode node, java.util.function.Consumer<JsonNode> human) {
        if (json) {
            printJson(node);
        } else {
            human.accept(node);
        }
        out().flush();
    }
}
