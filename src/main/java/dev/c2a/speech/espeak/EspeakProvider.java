package dev.c2a.speech.espeak;

import dev.c2a.config.InvalidSettingException;
import dev.c2a.speech.EngineContext;
import dev.c2a.speech.SpeechEngine;
import dev.c2a.speech.SpeechEngineProvider;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * espeak-ng with resident helpers ({@code espeak-ng}, also {@code espeak}); keys {@code program}
 * (the espeak-ng program, default {@code espeak-ng} on PATH) and {@code helper} (a built
 * {@code c2a-espeak} to use instead of the jar's). It speaks every language, so auto tries it last.
 */
public final class EspeakProvider implements SpeechEngineProvider {
    @Override
    public String name() {
        return "espeak-ng";
    }

    @Override
    public List<String> aliases() {
        return List.of("espeak");
    }

    @Override
    public Set<String> keys() {
        return Set.of("program", "helper");
    }

    @Override
    public OptionalInt autoOrder(EngineContext context) {
        return OptionalInt.of(50);
    }

    @Override
    public SpeechEngine create(EngineContext context) {
        String helper = context.settings().text("helper", null);
        if (helper != null && !Files.isExecutable(Path.of(helper))) {
            throw new InvalidSettingException(context.settings().key("helper") + ": " + helper
                    + " is not an executable file " + context.settings().from("helper"));
        }
        return context.started("program", () -> EspeakEngine.start(true,
                context.settings().text("program", "espeak-ng"), helper, context.deadlines()));
    }

    /** One {@code espeak-ng} process per call ({@code espeak-ng-cli}): key {@code program}. */
    public static final class CommandLine implements SpeechEngineProvider {
        @Override
        public String name() {
            return "espeak-ng-cli";
        }

        @Override
        public Set<String> keys() {
            return Set.of("program");
        }

        @Override
        public SpeechEngine create(EngineContext context) {
            return context.started("program", () -> EspeakEngine.start(false,
                    context.settings().text("program", "espeak-ng"), null, context.deadlines()));
        }
    }
}
