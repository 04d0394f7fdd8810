package dev.c2a.config;

import dev.c2a.api.Role;
import dev.c2a.codec.DurationText;
import dev.c2a.job.JobState;
import dev.c2a.queue.Durability;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.store.S3Options;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The validated configuration; made only by {@link #from}, so every instance is valid. */
public record Settings(String host, int port, Path dataDir, int workers, int maxWorkers, boolean autostart,
                       String engine, SpeechSettings speech, String defaultVoice, String ffmpeg, long maxTextBytes, long maxUploadBytes,
                       long maxExpandedBytes, Path lexicon, QueueSettings queue, StoreSettings store, String nodeId, Durability durability,
                       Duration lease, RetryPolicy retry, Duration drain, Duration engineTimeout, List<ApiToken> tokens,
                       AudioLimits audioLimits, HttpLimits http, Retention retention,
                       List<IntakeSettings> intakes, Webhooks webhooks, Map<Setting, String> sources) {
    /** The shortest retention: a finished job's audio should outlast a client's first look at it. */
    static final Duration MIN_RETENTION = Duration.ofMinutes(1);

    /** How much audio one job may make: at most 60 s plus 0.5 s per character of text at speed 1, and these. */
    public record AudioLimits(long maxSeconds, long maxBytes) {
    }

    /**
     * What is pruned: finished jobs older than {@code keep} (those without a ttl of their own), and
     * the jobs that finished first while the finished jobs store more than {@code storeMaxBytes}.
     *
     * @param keep          null: for ever
     * @param storeMaxBytes null: no cap
     */
    public record Retention(Duration keep, Long storeMaxBytes) {
    }

    /** @param allowedHosts host names (lower case) accepted in Host headers besides IPs and localhost */
    public record HttpLimits(java.util.Set<String> allowedHosts, int maxConnections) {
    }

    /** @param values  raw values by setting; {@code sources} says where each came from, for messages */
    public static Settings from(Map<Setting, String> values, Map<Setting, String> sources) {
        return from(values, sources, Sections.NONE);
    }

    /** @param sections the configuration's intake, webhook and token sections */
    public static Settings from(Map<Setting, String> values, Map<Setting, String> sources, Sections sections) {
        Reader r = new Reader(values, sources);
        int maxWorkers = r.get(Setting.MAX_WORKERS, Integer::parseInt, 1, 1024);
        int workers = values.get(Setting.WORKERS) == null ? Math.min(maxWorkers, Runtime.getRuntime().availableProcessors())
                : r.get(Setting.WORKERS, Integer::parseInt, 1, maxWorkers);
        String host = r.text(Setting.HOST);
        List<ApiToken> tokens = tokens(r, values, sections);
        if (tokens.isEmpty() && !isLoopback(host)) {
            throw new InvalidSettingException("api-token: required when host is not a loopback address (host is '"
                    + host + "' " + r.source(Setting.HOST) + "); set " + Setting.API_TOKEN.env()
                    + " or --api-token, or give tokens with roles (token.<name>.secret and token.<name>.role)");
        }
        RetryPolicy retry = new RetryPolicy(r.get(Setting.MAX_ATTEMPTS, Integer::parseInt, 1, 100),
                r.duration(Setting.RETRY_BASE), r.duration(Setting.RETRY_MAX),
                r.get(Setting.QUARANTINE_AFTER, Integer::parseInt, 1, 100));
        Duration lease = r.duration(Setting.LEASE);
        if (lease.toMillis() < 300) {
            throw new InvalidSettingException("lease: must be at least 300ms " + r.source(Setting.LEASE));
        }
        return new Settings(host, r.get(Setting.PORT, Integer::parseInt, 0, 65535),
                Path.of(r.text(Setting.DATA)).toAbsolutePath().normalize(), workers, maxWorkers,
                r.get(Setting.AUTOSTART, Settings::bool, null, null), r.text(Setting.ENGINE), speech(r, values, sections),
                r.text(Setting.DEFAULT_VOICE), r.text(Setting.FFMPEG),
                r.get(Setting.MAX_TEXT_BYTES, Long::parseLong, 1L, 1L << 30),
                r.get(Setting.MAX_UPLOAD_BYTES, Long::parseLong, 1L, 1L << 30),
                r.get(Setting.MAX_EXPANDED_BYTES, Long::parseLong, 1L, 1L << 34), lexicon(r, values), queue(r, values),
                store(r, values), nodeId(r, values), r.get(Setting.DURABILITY, Durability::parse, null, null), lease, retry, r.duration(Setting.DRAIN),
                r.duration(Setting.ENGINE_TIMEOUT), tokens,
                new AudioLimits(r.get(Setting.MAX_AUDIO_SECONDS, Long::parseLong, 1L, 10_000_000L),
                        r.get(Setting.MAX_AUDIO_BYTES, Long::parseLong, 1024L, 1L << 40)),
                new HttpLimits(allowedHosts(values.get(Setting.ALLOWED_HOSTS), host),
                        r.get(Setting.MAX_CONNECTIONS, Integer::parseInt, 8, 100_000)),
                retention(r, values), sections.intakes(), webhooks(r, values, sections), Map.copyOf(sources));
    }

    /** {@code api-token} (role admin) first, if set, then the token sections'. */
    private static List<ApiToken> tokens(Reader r, Map<Setting, String> values, Sections sections) {
        String single = blankToNull(values.get(Setting.API_TOKEN));
        if (single != null && single.length() < Sections.MIN_SECRET) {
            throw new InvalidSettingException("api-token: must be at least " + Sections.MIN_SECRET + " characters "
                    + r.source(Setting.API_TOKEN));
        }
        return sections.tokens(single == null ? List.of() : List.of(new ApiToken(ApiToken.SINGLE, Role.ADMIN, single)));
    }

    private static Webhooks webhooks(Reader r, Map<Setting, String> values, Sections sections) {
        String secret = blankToNull(values.get(Setting.WEBHOOK_SECRET));
        if (secret != null && secret.length() < 16) {
            throw new InvalidSettingException("webhook-secret: must be at least 16 characters "
                    + r.source(Setting.WEBHOOK_SECRET));
        }
        String publicUrl = blankToNull(values.get(Setting.PUBLIC_URL));
        if (publicUrl != null && !publicUrl.startsWith("http://") && !publicUrl.startsWith("https://")) {
            throw new InvalidSettingException("public-url: must be an http or https URL, got '" + publicUrl + "' "
                    + r.source(Setting.PUBLIC_URL));
        }
        return new Webhooks(publicUrl, secret, r.get(Setting.WEBHOOK_ALLOW_PRIVATE, Settings::bool, null, null),
                r.get(Setting.WEBHOOK_ATTEMPTS, Integer::parseInt, 1, 100), r.duration(Setting.WEBHOOK_RETRY_BASE),
                sections.subscribers(secret));
    }

    /** The effective configuration for {@code c2a config}; no secret is ever shown. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("host", host);
        m.put("port", Integer.toString(port));
        m.put("data", dataDir.toString());
        m.put("workers", Integer.toString(workers));
        m.put("max-workers", Integer.toString(maxWorkers));
        m.put("autostart", Boolean.toString(autostart));
        m.put("engine", engine);
        m.put("language-voices", speech.languageVoices().isEmpty() ? "(by engine preference)"
                : speech.languageVoices().toString());
        if (speech.remote() != null) {
            m.put("remote-url", speech.remote().url().toString());
            m.put("remote-key", speech.remote().key() == null ? "(none)" : "(set)");
            m.put("remote-model", speech.remote().model());
            m.put("remote-voices", String.join(",", speech.remote().voices()));
            m.put("remote-multilingual", Boolean.toString(speech.remote().multilingual()));
        }
        m.put("default-voice", defaultVoice);
        m.put("ffmpeg", ffmpeg);
        m.put("max-text-bytes", Long.toString(maxTextBytes));
        m.put("max-upload-bytes", Long.toString(maxUploadBytes));
        m.put("max-expanded-bytes", Long.toString(maxExpandedBytes));
        m.put("lexicon", lexicon == null ? "(none)" : lexicon.toString());
        m.put("node-id", nodeId);
        m.put("queue", queue.kind().wireName());
        if (queue.kind() == QueueSettings.Kind.POSTGRES) {
            // the URL as given may carry a password; the form shown never does
            m.put("database-url", queue.shownUrl());
            m.put("database-pool-size", Integer.toString(queue.poolSize()));
        }
        m.put("store", store.kind().wireName());
        if (store.s3() != null) {
            m.put("s3-endpoint", store.s3().endpoint() == null ? "(AWS)" : store.s3().endpoint().toString());
            m.put("s3-region", store.s3().region());
            m.put("s3-bucket", store.s3().bucket());
            m.put("s3-prefix", store.s3().prefix());
            m.put("s3-path-style", Boolean.toString(store.s3().pathStyle()));
            m.put("s3-access-key", store.s3().accessKey() == null ? "(the AWS SDK's chain)" : "(set)");
        }
        m.put("audio-redirect", Boolean.toString(store.redirect()));
        m.put("min-free-disk", Long.toString(store.minFreeDisk()));
        m.put("durability", durability.wireName());
        m.put("lease", Durations.format(lease));
        m.put("max-attempts", Integer.toString(retry.maxAttempts()));
        m.put("retry-base", Durations.format(retry.baseDelay()));
        m.put("retry-max", Durations.format(retry.maxDelay()));
        m.put("quarantine-after", Integer.toString(retry.quarantineAfter()));
        m.put("drain", Durations.format(drain));
        m.put("engine-timeout", Durations.format(engineTimeout));
        m.put("max-audio-seconds", Long.toString(audioLimits.maxSeconds()));
        m.put("max-audio-bytes", Long.toString(audioLimits.maxBytes()));
        m.put("retention", retention.keep() == null ? "(for ever)" : DurationText.exact(retention.keep()));
        m.put("store-max-bytes", retention.storeMaxBytes() == null ? "(no cap)" : retention.storeMaxBytes().toString());
        m.put("allowed-hosts", http.allowedHosts().isEmpty() ? "(none)" : String.join(",",
                new java.util.TreeSet<>(http.allowedHosts())));
        m.put("max-connections", Integer.toString(http.maxConnections()));
        m.put("api-token", tokens.stream().anyMatch(t -> t.name().equals(ApiToken.SINGLE)) ? "(set)" : "(none)");
        for (ApiToken t : tokens) {
            if (!t.name().equals(ApiToken.SINGLE)) {
                m.put("token." + t.name() + ".secret", "(set)");
                m.put("token." + t.name() + ".role", t.role().wireName());
            }
        }
        m.put("public-url", webhooks.publicUrl() == null ? "(paths only)" : webhooks.publicUrl());
        m.put("webhook-secret", webhooks.secret() == null ? "(none: no callbacks)" : "(set)");
        m.put("webhook-allow-private", Boolean.toString(webhooks.allowPrivate()));
        m.put("webhook-attempts", Integer.toString(webhooks.attempts()));
        m.put("webhook-retry-base", Durations.format(webhooks.retryBase()));
        for (IntakeSettings i : intakes) {
            m.put("intake." + i.name() + ".type", i.type());
            i.values().forEach((k, v) -> m.put("intake." + i.name() + "." + k, k.contains("password")
                    || k.contains("secret") || k.equals("url") && v.contains("@") ? "(set)" : v));
        }
        speech.engineSettings().forEach((name, e) -> e.values().forEach((k, v) -> m.put(e.key(k),
                k.contains("password") || k.contains("secret") || k.contains("key") ? "(set)" : v)));
        for (Webhooks.Subscriber w : webhooks.subscribers()) {
            m.put("webhook." + w.name() + ".url", w.url());
            m.put("webhook." + w.name() + ".events", w.states().stream().map(JobState::wireName).sorted()
                    .collect(java.util.stream.Collectors.joining(",")));
        }
        return m;
    }

    private static SpeechSettings speech(Reader r, Map<Setting, String> values, Sections sections) {
        List<String> engines = list(r.text(Setting.ENGINE));
        Map<String, String> languageVoices = new LinkedHashMap<>();
        String pairs = values.get(Setting.LANGUAGE_VOICES);
        for (String pair : pairs == null ? List.<String>of() : list(pairs)) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new InvalidSettingException("language-voices: expected language=engine:voice, got '" + pair + "' "
                        + r.source(Setting.LANGUAGE_VOICES));
            }
            languageVoices.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        String url = values.get(Setting.REMOTE_URL);
        SpeechSettings.Remote remote = null;
        if (url != null && !url.isBlank()) {
            URI uri;
            try {
                uri = URI.create(url.trim().replaceAll("/+$", ""));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("remote-url: not a URL: " + e.getMessage() + " " + r.source(Setting.REMOTE_URL));
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new InvalidSettingException("remote-url: must be an http or https URL, got '" + url + "' "
                        + r.source(Setting.REMOTE_URL));
            }
            String key = values.get(Setting.REMOTE_KEY);
            remote = new SpeechSettings.Remote(uri, key == null || key.isBlank() ? null : key.trim(),
                    r.text(Setting.REMOTE_MODEL), list(r.text(Setting.REMOTE_VOICES)), r.text(Setting.REMOTE_LANGUAGE),
                    r.get(Setting.REMOTE_MULTILINGUAL, Settings::bool, null, null),
                    r.get(Setting.REMOTE_CONCURRENCY, Integer::parseInt, 1, 256),
                    r.get(Setting.REMOTE_MAX_CHARS, Integer::parseInt, 100, 1_000_000),
                    r.get(Setting.REMOTE_RETRIES, Integer::parseInt, 0, 10), r.duration(Setting.REMOTE_TIMEOUT),
                    r.get(Setting.REMOTE_BREAK_AFTER, Integer::parseInt, 1, 1000), r.duration(Setting.REMOTE_OPEN_FOR));
        } else if (engines.contains("remote")) {
            throw new InvalidSettingException("engine: 'remote' needs remote-url " + r.source(Setting.ENGINE));
        }
        return new SpeechSettings(engines, Map.copyOf(languageVoices), remote, sections.engines());
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    /** The configured names and the bound host's own (lower case); IP addresses need no listing. */
    private static java.util.Set<String> allowedHosts(String configured, String host) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String name : configured == null ? List.<String>of() : list(configured)) {
            names.add(name.toLowerCase(java.util.Locale.ROOT));
        }
        names.add(host.toLowerCase(java.util.Locale.ROOT));
        return java.util.Set.copyOf(names);
    }

    /** Letters, digits, dots, dashes and underscores: it appears in lease owners, logs and URLs. */
    private static String nodeId(Reader r, Map<Setting, String> values) {
        String id = values.get(Setting.NODE_ID) == null ? hostName() : r.text(Setting.NODE_ID).trim();
        // why not . or ..: the node id names this node's staging directory
        if (!id.matches("[A-Za-z0-9._-]{1,64}") || id.matches("\\.{1,2}")) {
            throw new InvalidSettingException("node-id: 1 to 64 letters, digits, '.', '-' or '_', got '" + id + "' "
                    + r.source(Setting.NODE_ID));
        }
        return id;
    }

    private static String hostName() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = System.getenv().getOrDefault("HOSTNAME", "node");
        }
        String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "-");
        return cleaned.isEmpty() ? "node" : cleaned.substring(0, Math.min(64, cleaned.length()));
    }

    private static QueueSettings queue(Reader r, Map<Setting, String> values) {
        QueueSettings.Kind kind = r.get(Setting.QUEUE, QueueSettings.Kind::parse, null, null);
        String url = values.get(Setting.DATABASE_URL);
        if (kind == QueueSettings.Kind.SQLITE) {
            if (url != null && !url.isBlank()) {
                throw new InvalidSettingException("database-url: only used with queue = postgres, but queue is sqlite "
                        + r.source(Setting.QUEUE));
            }
            return QueueSettings.sqlite();
        }
        if (url == null || url.isBlank()) {
            throw new InvalidSettingException("database-url: required when queue is postgres " + r.source(Setting.QUEUE)
                    + "; set " + Setting.DATABASE_URL.env() + " or --set database-url=postgresql://user:password@host:port/db");
        }
        int poolSize = r.get(Setting.DATABASE_POOL_SIZE, Integer::parseInt, 1, 1000);
        try {
            return QueueSettings.postgres(url.trim(), poolSize);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("database-url: " + e.getMessage() + " " + r.source(Setting.DATABASE_URL));
        }
    }

    private static StoreSettings store(Reader r, Map<Setting, String> values) {
        StoreSettings.Kind kind = r.get(Setting.STORE, StoreSettings.Kind::parse, null, null);
        boolean redirect = r.get(Setting.AUDIO_REDIRECT, Settings::bool, null, null);
        long minFree = r.get(Setting.MIN_FREE_DISK, Long::parseLong, 0L, 1L << 50);
        List<Setting> s3Only = List.of(Setting.S3_ENDPOINT, Setting.S3_BUCKET, Setting.S3_ACCESS_KEY, Setting.S3_SECRET_KEY);
        if (kind == StoreSettings.Kind.LOCAL) {
            for (Setting s : s3Only) {
                if (values.get(s) != null && !values.get(s).isBlank()) {
                    throw new InvalidSettingException(s.key() + ": only used with store = s3, but store is local "
                            + r.source(Setting.STORE));
                }
            }
            return new StoreSettings(kind, null, redirect, minFree);
        }
        String bucket = values.get(Setting.S3_BUCKET);
        if (bucket == null || bucket.isBlank()) {
            throw new InvalidSettingException("s3-bucket: required when store is s3 " + r.source(Setting.STORE)
                    + "; set " + Setting.S3_BUCKET.env() + " or --set s3-bucket=NAME");
        }
        if (!bucket.trim().matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new InvalidSettingException("s3-bucket: 3 to 63 lower-case letters, digits, '.' or '-', got '"
                    + bucket.trim() + "' " + r.source(Setting.S3_BUCKET));
        }
        URI endpoint = null;
        String e = values.get(Setting.S3_ENDPOINT);
        if (e != null && !e.isBlank()) {
            try {
                endpoint = URI.create(e.trim().replaceAll("/+$", ""));
            } catch (IllegalArgumentException x) {
                throw new InvalidSettingException("s3-endpoint: not a URL: " + x.getMessage() + " " + r.source(Setting.S3_ENDPOINT));
            }
            if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme()) || endpoint.getHost() == null) {
                throw new InvalidSettingException("s3-endpoint: must be an http or https URL, got '" + e.trim() + "' "
                        + r.source(Setting.S3_ENDPOINT));
            }
        }
        String prefix = values.getOrDefault(Setting.S3_PREFIX, "").trim();
        if (!prefix.isEmpty()) {
            prefix = prefix.endsWith("/") ? prefix : prefix + "/";
            if (!prefix.matches("([A-Za-z0-9_-][A-Za-z0-9._-]{0,99}/){1,4}")) {
                throw new InvalidSettingException("s3-prefix: up to 4 path segments of letters, digits, '.', '_' or '-',"
                        + " got '" + prefix + "' " + r.source(Setting.S3_PREFIX));
            }
        }
        String access = blankToNull(values.get(Setting.S3_ACCESS_KEY));
        String secret = blankToNull(values.get(Setting.S3_SECRET_KEY));
        if ((access == null) != (secret == null)) {
            throw new InvalidSettingException((access == null ? "s3-access-key" : "s3-secret-key")
                    + ": s3-access-key and s3-secret-key go together; set both, or neither for the AWS SDK's chain");
        }
        return new StoreSettings(kind, new S3Options(endpoint, r.text(Setting.S3_REGION), bucket.trim(), prefix,
                r.get(Setting.S3_PATH_STYLE, Settings::bool, null, null), access, secret, S3Options.DEFAULT_PART_SIZE),
                redirect, minFree);
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** Both off unless set; "off" and "none" say so explicitly. */
    private static Retention retention(Reader r, Map<Setting, String> values) {
        Duration keep = null;
        if (isSet(values.get(Setting.RETENTION))) {
            keep = r.duration(Setting.RETENTION);
            if (keep.compareTo(MIN_RETENTION) < 0) {
                throw new InvalidSettingException("retention: must be at least 1m (or off), got "
                        + r.text(Setting.RETENTION) + " " + r.source(Setting.RETENTION));
            }
        }
        Long maxBytes = isSet(values.get(Setting.STORE_MAX_BYTES))
                ? r.get(Setting.STORE_MAX_BYTES, Long::parseLong, 1L, Long.MAX_VALUE) : null;
        return new Retention(keep, maxBytes);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank() && !value.trim().equalsIgnoreCase("off")
                && !value.trim().equalsIgnoreCase("none");
    }

    private static Path lexicon(Reader r, Map<Setting, String> values) {
        String v = values.get(Setting.LEXICON);
        if (v == null || v.isBlank()) {
            return null;
        }
        Path p = Path.of(v.trim()).toAbsolutePath().normalize();
        if (!java.nio.file.Files.isReadable(p)) {
            throw new InvalidSettingException("lexicon: no readable file at " + p + " " + r.source(Setting.LEXICON));
        }
        return p;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Boolean bool(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '" + s + "'");
        };
    }

    /** Reads one raw value and turns a parse error into a message that names the setting. */
    private record Reader(Map<Setting, String> values, Map<Setting, String> sources) {
        String text(Setting s) {
            String v = values.get(s);
            if (v == null || v.isBlank()) {
                throw new InvalidSettingException(s.key() + ": must not be empty " + source(s));
            }
            return v.trim();
        }

        Duration duration(Setting s) {
            Duration d = get(s, Durations::parse, null, null);
            if (d.isNegative()) {
                throw new InvalidSettingException(s.key() + ": must not be negative " + source(s));
            }
            return d;
        }

        <T extends Comparable<T>> T get(Setting s, Function<String, T> parse, T min, T max) {
            String raw = text(s);
            T value;
            try {
                value = parse.apply(raw);
            } catch (IllegalArgumentException e) {
                String why = e instanceof NumberFormatException ? "expected a whole number, got '" + raw + "'"
                        : e.getMessage();
                throw new InvalidSettingException(s.key() + ": " + why + " " + source(s));
            }
            if (min != null && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
                throw new InvalidSettingException(s.key() + ": must be between " + min + " and " + max + ", got "
                        + raw + " " + source(s));
            }
            return value;
        }

        String source(Setting s) {
            return "(from " + sources.getOrDefault(s, "default") + ")";
        }
    }
}
