package dev.c2a.config;

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
 * The configuration's named sections: {@code intake.<name>.<key>} (one intake adapter each) and
 * {@code webhook.<name>.<key>} (one global webhook subscriber each), read into their settings.
 * The keys of a section are checked by what it configures; its name here.
 */
public record Sections(List<IntakeSettings> intakes, Map<String, Map<String, String>> webhooks,
                       Map<String, String> webhookSources) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Set<String> WEBHOOK_KEYS = Set.of("url", "secret", "events");

    public static final Sections NONE = new Sections(List.of(), Map.of(), Map.of());

    public static boolean isSectionKey(String key) {
        return key.startsWith("intake.") || key.startsWith("webhook.");
    }

    /** @param sources where each key came from */
    static Sections read(Map<String, String> keys, Map<String, String> sources) {
        Map<String, Map<String, String>> intake = new TreeMap<>();
        Map<String, Map<String, String>> intakeSources = new TreeMap<>();
        Map<String, Map<String, String>> webhook = new TreeMap<>();
        Map<String, String> webhookSources = new TreeMap<>();
        keys.forEach((key, value) -> {
            boolean isIntake = key.startsWith("intake.");
            String rest = key.substring(isIntake ? "intake.".length() : "webhook.".length());
            int dot = rest.indexOf('.');
            String name = dot < 0 ? rest : rest.substring(0, dot);
            if (dot <= 0 || dot == rest.length() - 1 || !NAME.matcher(name).matches()) {
                throw new InvalidSettingException("setting '" + key + "' (from " + sources.get(key) + "): expected "
                        + (isIntake ? "intake" : "webhook") + ".<name>.<key>, the name of lower-case letters, digits"
                        + " and dashes (at most 40)");
            }
            (isIntake ? intake : webhook).computeIfAbsent(name, n -> new LinkedHashMap<>())
                    .put(rest.substring(dot + 1), value);
            if (isIntake) {
                intakeSources.computeIfAbsent(name, n -> new TreeMap<>()).put(rest.substring(dot + 1), sources.get(key));
            } else {
                webhookSources.putIfAbsent(name, sources.get(key));
            }
        });
        List<IntakeSettings> intakes = new ArrayList<>();
        intake.forEach((name, values) -> {
            Map<String, String> rest = new TreeMap<>(values);
            String type = rest.remove("type");
            if (type == null || type.isBlank()) {
                throw new InvalidSettingException("intake." + name + ".type: required (rabbitmq, kafka or redis)"
                        + " (from " + intakeSources.get(name).values().iterator().next() + ")");
            }
            intakes.add(new IntakeSettings(name, type.trim().toLowerCase(Locale.ROOT), rest, intakeSources.get(name)));
        });
        webhook.forEach((name, values) -> values.keySet().forEach(k -> {
            if (!WEBHOOK_KEYS.contains(k)) {
                throw new InvalidSettingException("unknown setting webhook." + name + "." + k + " (from "
                        + webhookSources.get(name) + "); a webhook knows: url, secret, events");
            }
        }));
        return new Sections(List.copyOf(intakes), Map.copyOf(webhook), Map.copyOf(webhookSources));
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
