package dev.c2a.speech.espeak;

import dev.c2a.speech.Languages;
import dev.c2a.speech.Voice;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The voices of {@code espeak-ng --voices}, one per language id, with aliases. MBROLA voices are
 * left out (they need databases Debian does not install with espeak-ng). Mandarin always maps to
 * {@code cmn-latn-pinyin}: the plain {@code cmn} voice of espeak-ng 1.51 reads hanzi with English
 * sounds.
 */
final class EspeakVoices {
    static final String MANDARIN = "cmn-latn-pinyin";
    /** espeak-ng speaks every voice at 22,050 Hz. */
    static final int SAMPLE_RATE = 22_050;
    private static final List<String> MANDARIN_ALIASES = List.of("zh", "zh-cn", "zh-cmn", "cmn", "zh-hans",
            "mandarin", "chinese");

    /** "(en 2)" in the Other Languages column: the voice also serves "en", at priority 2 (lower wins). */
    private static final Pattern OTHER_LANGUAGE = Pattern.compile("\\((\\S+) (\\d+)\\)");

    private final Map<String, Voice> byId = new LinkedHashMap<>();
    private final Map<String, String> aliases = new HashMap<>();

    EspeakVoices(String listing) {
        Map<String, Integer> aliasPriority = new HashMap<>();
        for (String line : listing.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || !f[0].matches("\\d+") || f[4].startsWith("mb/")) {
                continue;
            }
            String id = f[1].toLowerCase(Locale.ROOT);
            String gender = f[2].endsWith("/F") ? "female" : f[2].endsWith("/M") ? "male" : null;
            byId.putIfAbsent(id, new Voice(id, Languages.tagOf(id), f[3].replace('_', ' '), gender,
                    SAMPLE_RATE));
            Matcher other = OTHER_LANGUAGE.matcher(line);
            while (other.find()) {
                String alias = other.group(1).toLowerCase(Locale.ROOT);
                int priority = Integer.parseInt(other.group(2));
                if (priority < aliasPriority.getOrDefault(alias, Integer.MAX_VALUE)) {
                    aliasPriority.put(alias, priority);
                    aliases.put(alias, id);
                }
            }
        }
        if (byId.containsKey(MANDARIN)) {
            MANDARIN_ALIASES.forEach(a -> aliases.put(a, MANDARIN));
            byId.remove("cmn");
        }
    }

    List<Voice> all() {
        return new ArrayList<>(byId.values());
    }

    Optional<Voice> find(String requested) {
        String key = requested.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        // a voice's own id wins over another voice's alias ("en-gb" is a voice, and an alias of en-gb-x-gbclan)
        Voice exact = byId.get(key);
        return exact != null ? Optional.of(exact) : Optional.ofNullable(byId.get(aliases.get(key)));
    }
}
