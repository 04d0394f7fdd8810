package dev.c2a.config;

import dev.c2a.api.Role;
import dev.c2a.job.JobState;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The configuration's named sections: {@code intake.<name>.<key>} (one intake adapter each),
 * {@code webhook.<name>.<key>} (one global webhook subscriber each), {@code token.<name>.<key>}
 * (one API token each) and {@code engine.<name>.<key>} (one speech engine's own settings), read into
 * their settings. The keys of a section are checked by what it configures; its name here.
 *
 * @param engines      by engine name, each engine's keys (read by its provider)
 * @param tokens       by name, the keys of each token section
 * @param tokenSources by name and key, where each value came from
 */
public record Sections(List<IntakeSettings> intakes, Map<String, Map<String, String>> webhooks,
                       Map<String, String> webhookSources, Map<String, Map<String, String>> tokens,
                       Map<String, Map<String, String>> tokenSources, Map<String, EngineSettings> engines) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final List<String> KINDS = List.of("intake", "webhook", "token", "engine");
    private static final Set<String> WEBHOOK_KEYS = Set.of("url", "secret", "events");
    private static final Set<String> TOKEN_KEYS = Set.of("secret", "role");
    /** The shortest secret a token may have, as {@code api-token}. */
    static final int MIN_SECRET = 16;

    public static final Sections NONE = new Sections(List.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

    public static boolean isSectionKey(String key) {
        return KINDS.stream().anyMatch(kind -> key.startsWith(kind + "."));
    }

    /** @param sources where each key came from */
    static Sections read(Map<String, String> keys, Map<String, String> sources) {
        // by kind, then name, then key: the values and where each came from
        Map<String, Map<String, Map<String, String>>> values = new TreeMap<>();
        Map<String, Map<String, Map<String, String>>> from = new TreeMap<>();
        keys.forEach((key, value) -> {
            String kind = key.substring(0, key.indexOf('.'));
            String rest = key.substring(kind.length() + 1);
            int dot = rest.indexOf('.');
            String name = dot < 0 ? rest : rest.substring(0, dot);
            if (dot <= 0 || dot == rest.length() - 1 || !NAME.matcher(name).matches()) {
                throw new InvalidSettingException("setting '" + key + "' (from " + sources.get(key) + "): expected "
                        + kind + ".<name>.<key>, the name of lower-case letters, digits and dashes (at most 40)");
            }
            values.computeIfAbsent(kind, k -> new TreeMap<>()).computeIfAbsent(name, n -> new LinkedHashMap<>())
                    .put(rest.substring(dot + 1), value);
            from.computeIfAbsent(kind, k -> new TreeMap<>()).computeIfAbsent(name, n -> new TreeMap<>())
                    .put(rest.substring(dot + 1), sources.get(key));
        });
        Map<String, Map<String, String>> intakeSources = from.getOrDefault("intake", Map.of());
        List<IntakeSettings> intakes = new ArrayList<>();
        values.getOrDefault("intake", Map.of()).forEach((name, v) -> {
            Map<String, String> rest = new TreeMap<>(v);
            String type = rest.remove("type");
            if (type == null || type.isBlank()) {
                throw new InvalidSettingException("intake." + name + ".type: required (rabbitmq, kafka or redis)"
                        + " (from " + intakeSources.get(name).values().iterator().next() + ")");
            }
            intakes.add(new IntakeSettings(name, type.trim().toLowerCase(Locale.ROOT), rest, intakeSources.get(name)));
        });
        Map<String, String> webhookSources = new TreeMap<>();
        from.getOrDefault("webhook", Map.of()).forEach((name, s) -> webhookSources.put(name, s.values().iterator().next()));
        requireOnly("webhook", WEBHOOK_KEYS, values, from);
        requireOnly("token", TOKEN_KEYS, values, from);
        Map<String, EngineSettings> engines = new TreeMap<>();
        values.getOrDefault("engine", Map.of()).forEach((name, v) ->
                engines.put(name, new EngineSettings(name, v, from.get("engine").get(name))));
        return new Sections(List.copyOf(intakes), Map.copyOf(values.getOrDefault("webhook", Map.of())),
                Map.copyOf(webhookSources), Map.copyOf(values.getOrDefault("token", Map.of())),
                Map.copyOf(from.getOrDefault("token", Map.of())), Map.copyOf(engines));
    }

    private static void requireOnly(String kind, Set<String> known, Map<String, Map<String, Map<String, String>>> values,
                                    Map<String, Map<String, Map<String, String>>> from) {
        values.getOrDefault(kind, Map.of()).forEach((name, v) -> v.keySet().forEach(k -> {
            if (!known.contains(k)) {
                throw new InvalidSettingException("unknown setting " + kind + "." + name + "." + k + " (from "
                        + from.get(kind).get(name).get(k) + "); a " + kind + " knows: "
                        + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }));
    }

    /**
     * The tokens of the sections, each checked: a secret of at least {@value #MIN_SECRET}
     * characters and a role; {@code given} (the {@code api-token} setting's, if set) comes first,
     * then the sections' by name, and no two tokens share a secret.
     */
    List<ApiToken> tokens(List<ApiToken> given) {
        List<ApiToken> out = new ArrayList<>(given);
        new TreeMap<>(tokens).forEach((name, values) -> {
            String key = "token." + name + ".";
            if (name.equals(ApiToken.SINGLE)) {
                throw new InvalidSettingException(key + "secret: the name api-token is the api-token setting's;"
                        + " give this token another name " + from(name, "secret"));
            }
            String secret = values.get("secret") == null ? "" : values.get("secret").trim();
            if (secret.length() < MIN_SECRET) {
                throw new InvalidSettingException(key + "secret: required, at least " + MIN_SECRET + " characters "
                        + from(name, "secret"));
            }
            String role = values.get("role");
            if (role == null || role.isBlank()) {
                throw new InvalidSettingException(key + "role: required: viewer, operator or admin " + from(name, "role"));
            }
            Role parsed;
            try {
                parsed = Role.parse(role.trim().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(key + "role: " + e.getMessage() + " " + from(name, "role"));
            }
            for (ApiToken other : out) {
                if (other.secret().equals(secret)) {
                    throw new InvalidSettingException(key + "secret: the same secret as "
                            + (other.name().equals(ApiToken.SINGLE) ? "api-token" : "token." + other.name())
                            + "; each token needs a secret of its own " + from(name, "secret"));
                }
            }
            out.add(new ApiToken(name, parsed, secret));
        });
        return List.copyOf(out);
    }

    /** Where a token's key came from, or (for a missing key) where the token's other keys did. */
    private String from(String token, String key) {
        Map<String, String> keys = tokenSources.get(token);
        return "(from " + keys.getOrDefault(key, keys.values().iterator().next()) + ")";
    }

    /**
     * The global subscribers, each checked: a URL, a secret (its own or {@code webhook-secret}), and
     * the states it hears of (default: succeeded, failed, cancelled).
     */
    List<Webhooks.Subscriber> subscribers(String defaultSecret) {
        List<Webhooks.Subscriber> out = new ArrayList<>();
        webhooks.forEach((name, values) -> {
            String from = " (from " + webhookSources.get(name) + ")";
            String url = values.get("url");
            if (url == null || url.isBlank()) {
                throw new InvalidSettingException("webhook." + name + ".url: required" + from);
            }
            if (!url.trim().startsWith("http://") && !url.trim().startsWith("https://")) {
                throw new InvalidSettingException("webhook." + name + ".url: must be an http or https URL, got '"
                        + url + "'" + from);
            }
            String secret = values.getOrDefault("secret", defaultSecret);
            if (secret == null || secret.trim().length() < 16) {
                throw new InvalidSettingException("webhook." + name + ".secret: required, at least 16 characters (or"
                        + " set webhook-secret)" + from);
            }
            Set<JobState> states = EnumSet.noneOf(JobState.class);
            for (String e : values.getOrDefault("events", "succeeded,failed,cancelled").split(",")) {
                String state = e.trim().toLowerCase(Locale.ROOT).replaceFirst("^job\\.", "");
                JobState s = switch (state) {
                    case "succeeded" -> JobState.SUCCEEDED;
                    case "failed" -> JobState.FAILED;
                    case "cancelled" -> JobState.CANCELLED;
                    default -> throw new InvalidSettingException("webhook." + name + ".events: expected succeeded,"
                            + " failed and cancelled, comma-separated; got '" + e.trim() + "'" + from);
                };
                states.add(s);
            }
            out.add(new Webhooks.Subscriber(name, url.trim(), secret.trim(), Set.copyOf(states)));
        });
        return List.copyOf(out);
    }
}
