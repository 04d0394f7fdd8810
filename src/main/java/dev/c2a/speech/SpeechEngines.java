package dev.c2a.speech;

import dev.c2a.speech.espeak.EspeakEngine;
import dev.c2a.speech.noop.NoopEngine;

import java.lang.reflect.InvocationTargetException;

/** Makes the engine that configuration names: a built-in name, or a class name (an import string). */
public final class SpeechEngines {
    private SpeechEngines() {
    }

    /** @param setting the name of the setting, for messages */
    public static SpeechEngine create(String setting, String name) {
        return switch (name) {
            case "espeak-ng", "espeak" -> EspeakEngine.start(true);
            case "espeak-ng-cli" -> EspeakEngine.start(false);
            case "noop" -> new NoopEngine();
            default -> load(setting, name);
        };
    }

    private static SpeechEngine load(String setting, String className) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(setting + ": no engine named '" + className
                    + "'; use espeak-ng, espeak-ng-cli, noop, or the class name of a SpeechEngine on the class path");
        }
        if (!SpeechEngine.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(setting + ": class " + className + " does not implement "
                    + SpeechEngine.class.getName());
        }
        try {
            return (SpeechEngine) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(setting + ": class " + className
                    + " needs a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(setting + ": engine " + className + " failed to start: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(setting + ": cannot create " + className + ": " + e.getMessage(), e);
        }
    }
}
