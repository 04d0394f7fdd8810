package dev.c2a.speech;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Makes one kind of speech engine. Providers are found with {@link java.util.ServiceLoader} (a jar
 * lists its own in {@code META-INF/services/dev.c2a.speech.SpeechEngineProvider}), so an engine in
 * an optional module — MaryTTS, Piper — is used as soon as its jar is on the class path; the
 * configuration names an engine by {@link #name()} (or a provider's class name).
 *
 * <p>Compatibility: methods may be added with defaults; existing ones keep their meaning.
 */
public interface SpeechEngineProvider {

    /** The name configuration uses and voice ids start with ({@code piper} → {@code piper:en_US-lessac}). */
    String name();

    /** Other names configuration may use for it ({@code espeak} for {@code espeak-ng}). */
    default List<String> aliases() {
        return List.of();
    }

    /**
     * The keys it reads under {@code engine.<name>.}: any other key there is refused before
     * {@link #create} is called, naming the key and these.
     */
    default Set<String> keys() {
        return Set.of();
    }

    /**
     * Where {@code engine = auto} tries this engine, lower first (remote 10, piper 20, marytts 30,
     * flite 40, espeak-ng 50); empty to leave it out — a test engine, or one not configured here
     * (remote without its URL). An engine that fails to start is then skipped, with its reason logged.
     */
    default OptionalInt autoOrder(EngineContext context) {
        return OptionalInt.empty();
    }

    /**
     * Starts the engine. Throws {@link dev.c2a.config.InvalidSettingException} (naming the key) for a
     * wrong setting, {@link IllegalStateException} when it cannot run here (a program or file missing:
     * say which, and how to install it).
     */
    SpeechEngine create(EngineContext context);
}
