package dev.c2a.speech;

import dev.c2a.config.InvalidSettingException;
import dev.c2a.config.SpeechSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes the engines that configuration names, through their {@link SpeechEngineProvider}s: those the
 * class path offers (found with {@link ServiceLoader}), or a provider or engine named by its class.
 */
public final class SpeechEngines {
    private static final Logger LOG = LoggerFactory.getLogger(SpeechEngines.class);

    private final Map<String, SpeechEngineProvider> providers;
    private final SpeechSettings settings;
    private final InstantSource clock;
    private final Path dataDir;
    private final Deadlines deadlines;
    /** Providers configuration named by class: their sections are theirs too. */
    private final Set<String> namedByClass = new HashSet<>();

    /**
     * @param dataDir   the service's data directory: each engine gets {@code engines/<name>} in it
     * @param deadlines the watchdog every engine made here arms its calls' deadlines on
     */
    public SpeechEngines(SpeechSettings settings, InstantSource clock, Path dataDir, Deadlines deadlines) {
        this.providers = providers();
        this.settings = settings;
        this.clock = clock;
        this.dataDir = dataDir;
        this.deadlines = deadlines;
    }

    /**
     * Every engine the settings name, by preference, in one {@link EngineSet} that owns them and one
     * watchdog for their deadlines.
     */
    public static EngineSet create(SpeechSettings settings, InstantSource clock, Path dataDir) {
        Deadlines deadlines = new Deadlines();
        List<SpeechEngine> engines = new ArrayList<>();
        try {
            SpeechEngines made = new SpeechEngines(settings, clock, dataDir, deadlines);
            if (settings.auto()) {
                made.auto(engines);
            } else {
                for (String name : settings.engines()) {
                    engines.add(made.create(name));
                }
            }
            made.checkSections();
            return new EngineSet(engines, settings.languageVoices(), deadlines);
        } catch (RuntimeException e) {
            engines.forEach(SpeechEngine::close);
            deadlines.close();
            throw e;
        }
    }

    /** The providers on the class path, by name and alias (lower case). */
    private static Map<String, SpeechEngineProvider> providers() {
        Map<String, SpeechEngineProvider> found = new LinkedHashMap<>();
        for (SpeechEngineProvider p : ServiceLoader.load(SpeechEngineProvider.class, SpeechEngines.class.getClassLoader())) {
            found.putIfAbsent(p.name().toLowerCase(Locale.ROOT), p);
            p.aliases().forEach(a -> found.putIfAbsent(a.toLowerCase(Locale.ROOT), p));
        }
        return found;
    }

    /** Whether a provider on the class path answers to {@code name} (an optional module's engine). */
    public boolean has(String name) {
        return providers.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The names configuration may use, sorted: for messages. */
    public String known() {
        return String.join(", ", new TreeSet<>(providers.keySet()));
    }

    /** An {@code engine.<name>.*} section of no engine here is a typo, not something to ignore. */
    private void checkSections() {
        settings.engineSettings().forEach((name, keys) -> {
            String first = keys.values().keySet().iterator().next();
            SpeechEngineProvider p = providers.get(name);
            if (p == null && !namedByClass.contains(name)) {
                throw new InvalidSettingException("setting " + keys.key(first) + " " + keys.from(first)
                        + ": no engine named '" + name + "' here; engines: " + known());
            }
            if (p != null && !p.name().equalsIgnoreCase(name)) {
                throw new InvalidSettingException("setting " + keys.key(first) + " " + keys.from(first) + ": " + name
                        + " is another name of " + p.name() + "; its settings are engine." + p.name() + ".<key>");
            }
        });
    }

    /** Every provider that takes part in auto, by its order; one that cannot start here is skipped. */
    private void auto(List<SpeechEngine> engines) {
        record Candidate(SpeechEngineProvider provider, EngineContext context, int order) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (SpeechEngineProvider p : new LinkedHashSet<>(providers.values())) {
            EngineContext context = context(p.name());
            OptionalInt order = p.autoOrder(context);
            if (order.isPresent()) {
                candidates.add(new Candidate(p, context, order.getAsInt()));
            }
        }
        candidates.sort(Comparator.comparingInt(Candidate::order));
        List<String> skipped = new ArrayList<>();
        for (Candidate c : candidates) {
            try {
                engines.add(start(c.provider(), c.context()));
            } catch (InvalidSettingException e) {
                throw e;
            } catch (IllegalArgumentException | IllegalStateException e) {
                skipped.add(c.provider().name() + " (" + e.getMessage() + ")");
            }
        }
        if (engines.isEmpty()) {
            throw new IllegalStateException("engine auto: no speech engine runs here: " + String.join("; ", skipped));
        }
        skipped.forEach(s -> LOG.info("engine auto: skipped {}", s));
    }

    /** One engine: a provider's name or alias, or the class name of a provider or of an engine. */
    public SpeechEngine create(String name) {
        SpeechEngineProvider p = providers.get(name.toLowerCase(Locale.ROOT));
        if (p != null) {
            return start(p, context(p.name()));
        }
        Class<?> type;
        try {
            type = name.contains(".") ? Class.forName(name) : null;
        } catch (ClassNotFoundException e) {
            type = null;
        }
        if (type == null) {
            throw new IllegalArgumentException("engine: no engine named '" + name + "'; use " + known()
                    + ", or the class name of a SpeechEngineProvider or SpeechEngine on the class path");
        }
        if (SpeechEngineProvider.class.isAssignableFrom(type)) {
            SpeechEngineProvider provider = (SpeechEngineProvider) instance(type, name);
            namedByClass.add(provider.name().toLowerCase(Locale.ROOT));
            return start(provider, context(provider.name()));
        }
        if (!SpeechEngine.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("engine: class " + name + " implements neither "
                    + SpeechEngineProvider.class.getName() + " nor " + SpeechEngine.class.getName());
        }
        return (SpeechEngine) instance(type, name);
    }

    private EngineContext context(String providerName) {
        String name = providerName.toLowerCase(Locale.ROOT);
        return new EngineContext(name, settings.engine(name), settings, clock, dataDir.resolve("engines").resolve(name),
                deadlines);
    }

    private static SpeechEngine start(SpeechEngineProvider provider, EngineContext context) {
        context.settings().requireOnly(provider.keys());
        return provider.create(context);
    }

    private static Object instance(Class<?> type, String name) {
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("engine: class " + name + " needs a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("engine: " + name + " failed to start: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("engine: cannot create " + name + ": " + e.getMessage(), e);
        }
    }
}
