package dev.c2a.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting, by the name used in the file and flags; the environment variable is derived.
 * Besides these, the configuration file (and {@code C2a.Builder.set}) takes sections of keys with a
 * name of the user's: {@code intake.<name>.<key>} ({@link IntakeSettings}),
 * {@code webhook.<name>.<key>} ({@link Webhooks.Subscriber}), {@code token.<name>.<key>}
 * ({@link ApiToken}) and {@code engine.<name>.<key>} ({@link EngineSettings}, read by the engine).
 */
public enum Setting {
    HOST("host", "127.0.0.1", "address the HTTP server binds"),
    PORT("port", "8080", "HTTP port (0 picks a free one)"),
    DATA("data", "./data", "directory for the job database and audio"),
    WORKERS("workers", null, "worker threads at start (default: number of cores), until a count set by an operator is stored"),
    MAX_WORKERS("max-workers", "64", "largest worker count a resize may ask for"),
    AUTOSTART("autostart", "true", "start the workers when the service starts, unless an operator's pause or stop is stored"),
    ENGINE("engine", "auto", "speech engines by preference, comma-separated: espeak-ng, espeak-ng-cli, flite, remote,"
            + " marytts, piper (optional modules), noop, or the class name of a SpeechEngineProvider or SpeechEngine;"
            + " auto: every one that runs here (remote when remote-url is set, piper when engine.piper.voices is);"
            + " each engine's own keys are engine.<name>.<key>"),
    DEFAULT_VOICE("default-voice", "en", "voice (or language) of jobs that name neither, unless their text is Chinese"),
    LANGUAGE_VOICES("language-voices", null, "default voice per language, e.g. en=flite:slt,zh=espeak-ng:cmn-latn-pinyin"
            + " (else the first engine's voice for it)"),
    REMOTE_URL("remote-url", null, "base URL of an OpenAI-compatible speech server (POST {url}/audio/speech)"),
    REMOTE_KEY("remote-key", null, "API key sent to the remote speech server as a bearer token"),
    REMOTE_MODEL("remote-model", "tts-1", "model asked of the remote speech server"),
    REMOTE_VOICES("remote-voices", "alloy,echo,fable,onyx,nova,shimmer", "voices the remote speech server offers"),
    REMOTE_LANGUAGE("remote-language", "en", "language of the remote server's voices (BCP 47)"),
    REMOTE_MULTILINGUAL("remote-multilingual", "false",
            "whether the remote server's voices speak any language (OpenAI's do): a mixed sentence is then sent whole"),
    REMOTE_CONCURRENCY("remote-concurrency", "4", "calls in flight to the remote speech server at most"),
    REMOTE_MAX_CHARS("remote-max-chars", "4096", "longest input the remote speech server accepts; longer text is split"),
    REMOTE_RETRIES("remote-retries", "3", "retries of a remote call answered 429 or 5xx, with backoff"),
    REMOTE_TIMEOUT("remote-timeout", "30s", "how long one remote call may take"),
    REMOTE_BREAK_AFTER("remote-break-after", "5", "failed remote calls in a row that open the circuit"),
    REMOTE_OPEN_FOR("remote-open-for", "15s", "how long an open circuit keeps jobs waiting before trying the server again"),
    MAX_TEXT_BYTES("max-text-bytes", "10485760", "largest text a job may carry, in UTF-8 bytes"),
    FFMPEG("ffmpeg", "ffmpeg", "the ffmpeg program, for every format but plain WAV"),
    MAX_UPLOAD_BYTES("max-upload-bytes", "67108864", "largest uploaded file (an EPUB, say), in bytes"),
    MAX_EXPANDED_BYTES("max-expanded-bytes", "268435456", "largest size an EPUB may expand to when unzipped"),
    LEXICON("lexicon", null, "JSON file of words to say differently: [{\"word\": \"nginx\", \"say\": \"engine x\"}]"),
    QUEUE("queue", "sqlite", "where jobs are kept: sqlite (a file in the data directory) or postgres (a database"
            + " many nodes share, at database-url)"),
    DATABASE_URL("database-url", null, "the PostgreSQL database of queue = postgres: jdbc:postgresql://host:port/db"
            + " or postgresql://user:password@host:port/db"),
    DATABASE_POOL_SIZE("database-pool-size", "10", "connections this node keeps to the PostgreSQL database at most"),
    NODE_ID("node-id", null, "this node's name among those sharing a queue, in its leases and status (default: the"
            + " host name); each start adds an incarnation of its own"),
    STORE("store", "local", "where audio, captions and checkpoints are kept: local (the data directory) or s3 (an"
            + " S3-compatible object store every node reads: the s3-* settings)"),
    S3_ENDPOINT("s3-endpoint", null, "URL of the S3-compatible server, e.g. http://127.0.0.1:9000 (default: AWS)"),
    S3_REGION("s3-region", "us-east-1", "region of the bucket (signing needs one, whatever the server)"),
    S3_BUCKET("s3-bucket", null, "bucket of store = s3 (required then); it must exist"),
    S3_PREFIX("s3-prefix", "", "key prefix in the bucket, e.g. c2a/, so that several services may share one"),
    S3_PATH_STYLE("s3-path-style", "true", "name the bucket in the path (http://host/bucket/key), as self-hosted"
            + " servers need; false for virtual-hosted style"),
    S3_ACCESS_KEY("s3-access-key", null, "access key of the bucket (default: the AWS SDK's chain: AWS_ACCESS_KEY_ID,"
            + " ~/.aws, instance role)"),
    S3_SECRET_KEY("s3-secret-key", null, "secret key that goes with s3-access-key"),
    AUDIO_REDIRECT("audio-redirect", "false", "answer downloads of audio and chapter files with a redirect to a"
            + " short-lived presigned URL of the store (s3), so the bytes do not pass through c2a"),
    MIN_FREE_DISK("min-free-disk", "268435456", "free bytes in the data directory below which this node stops"
            + " claiming and refuses submissions (507) until space returns"),
    DURABILITY("durability", "process", "process: commits survive a killed process; fsync: also power loss"),
    LEASE("lease", "15s", "how long a claimed job is held without a beat of its node (which beats every third of it)"),
    MAX_ATTEMPTS("max-attempts", "3", "attempts before a job is failed"),
    RETRY_BASE("retry-base", "1s", "backoff before the first retry (doubles each time)"),
    RETRY_MAX("retry-max", "5m", "longest backoff"),
    QUARANTINE_AFTER("quarantine-after", "3", "expired leases after which a job is failed as quarantined"),
    DRAIN("drain", "30s", "default time running jobs get to finish on stop"),
    ENGINE_TIMEOUT("engine-timeout", "60s", "deadline of one engine call; the engine is killed after it"),
    MAX_AUDIO_SECONDS("max-audio-seconds", "86400", "longest audio one job may make, in seconds (a job may also"
            + " make at most 60 s plus 0.5 s per character of its text at speed 1)"),
    MAX_AUDIO_BYTES("max-audio-bytes", "2147483648", "largest audio one job may store, in bytes"),
    RETENTION("retention", null, "how long finished jobs (succeeded, failed, cancelled) and their audio, captions and"
            + " checkpoints are kept, e.g. 30d; a job's options.ttl overrides it (default: for ever)"),
    STORE_MAX_BYTES("store-max-bytes", null, "cap on the bytes finished jobs' audio and captions take in the store;"
            + " over it, the jobs that finished first are pruned (default: no cap)"),
    PUBLIC_URL("public-url", null, "this service's URL as consumers of its events reach it, e.g. https://c2a.example.com;"
            + " result events and webhooks name audio and captions under it (default: paths only)"),
    WEBHOOK_SECRET("webhook-secret", null, "secret that signs webhooks (HMAC-SHA256); jobs may name a callbackUrl only"
            + " when it is set, and webhook.<name>.secret defaults to it"),
    WEBHOOK_ALLOW_PRIVATE("webhook-allow-private", "false", "let webhooks go to private, loopback and link-local"
            + " addresses (refused by default: a callback URL comes from whoever may submit a job)"),
    WEBHOOK_ATTEMPTS("webhook-attempts", "8", "attempts a webhook gets (backoff doubling up to 10 minutes) before"
            + " it is failed for good"),
    WEBHOOK_RETRY_BASE("webhook-retry-base", "2s", "backoff before a webhook's second attempt"),
    ALLOWED_HOSTS("allowed-hosts", null, "host names browsers may reach the service by, besides its IP addresses and"
            + " localhost (comma-separated); other Host headers are refused"),
    MAX_CONNECTIONS("max-connections", "512", "open HTTP connections at most; more wait to be accepted"),
    API_TOKEN("api-token", null, "bearer token required on /v1, with the admin role; off loopback this or a token"
            + " section (token.<name>.secret, token.<name>.role: viewer, operator or admin) is required");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String env() {
        return "C2A_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }
}
