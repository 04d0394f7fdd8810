package dev.c2a.speech;

import dev.c2a.config.SpeechSettings;
import dev.c2a.speech.espeak.EspeakEngine;
import dev.c2a.speech.flite.FliteEngine;
import dev.c2a.speech.noop.NoopEngine;
import dev.c2a.speech.remote.RemoteEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** Makes the engines that configuration names: built-in names, or class names (import strings). */
public final class SpeechEngines {
    private static final Logger LOG = LoggerFactory.getLogger(SpeechEngines.class);
    /** The optional MaryTTS module's engine, used when its jar is on the class path. */
    public static final String MARYTTS_CLASS = "dev.c2a.marytts.MaryEngine";
    /** What {@code auto} tries, best English first; espeak-ng speaks the other languages. */
    private static final List<String> AUTO = List.of("remote", "marytts", "flite", "espeak-ng");

    private SpeechEngines() {
    }

    /** Every engine the settings name, by preference, in one {@link EngineSet}. */
    public static EngineSet create(SpeechSettings settings, InstantSource clock) {
        List<SpeechEngine> engines = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try {
            if (settings.auto()) {
                for (String name : AUTO) {
                    if (name.equals("remote") && settings.remote() == null
                            || name.equals("marytts") && !onClassPath(MARYTTS_CLASS)) {
                        continue;
                    }
                    try {
                        engines.add(create(name, settings, clock));
                    } catch (IllegalArgumentException | IllegalStateException e) {
                        skipped.add(name + " (" + e.getMessage() + ")");
                    }
                }
                if (engines.isEmpty()) {
                    throw new IllegalStateException("engine auto: no speech engine runs here: "
                            + String.join("; ", skipped));
                }
                skipped.forEach(s -> LOG.info("engine auto: skipped {}", s));
            } else {
                for (String name : settings.engines()) {
                    engines.add(create(name, settings, clock));
                }
            }
            return new EngineSet(engines, settings.languageVoices());
        } catch (RuntimeException e) {
            engines.forEach(SpeechEngine::close);
            throw e;
        }
    }

    /** One engine: a built-in name, or the class name of a {@link SpeechEngine} on the class path. */
    public static SpeechEngine create(String name, SpeechSettings settings, InstantSource clock) {
        return switch (name) {
            case "espeak-ng", "espeak" -> EspeakEngine.start(true);
            case "espeak-ng-cli" -> EspeakEngine.start(false);
            case "flite" -> FliteEngine.start();
            case "remote" -> {
                if (settings.remote() == null) {
                    throw new IllegalArgumentException("engine remote needs remote-url");
                }
                yield new RemoteEngine(settings.remote(), clock);
            }
            case "marytts" -> load(MARYTTS_CLASS + " (the marytts module: see README)", MARYTTS_CLASS);
            case "noop" -> new NoopEngine();
            default -> load(name, name);
        };
    }

    /** Whether a class (an optional module's engine) is on the class path, without loading it. */
    public static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, SpeechEngines.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static SpeechEngine load(String what, String className) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("engine: no engine named '" + what + "'; use espeak-ng,"
                    + " espeak-ng-cli, flite, remote, marytts, noop, or the class name of a SpeechEngine on the class path");
        }
        if (!SpeechEngine.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("engine: class " + className + " does not implement "
                    + SpeechEngine.class.getName());
        }
        try {
            return (SpeechEngine) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("engine: class " + className + " needs a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("engine: " + className + " failed to start: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("engine: cannot create " + className + ": " + e.getMessage(), e);
        }
    }
}
