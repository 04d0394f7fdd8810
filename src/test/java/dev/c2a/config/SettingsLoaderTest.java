package dev.c2a.config;

import dev.c2a.api.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsLoaderTest {
    @TempDir
    Path dir;

    @Test
    void flags_win_over_the_environment_which_wins_over_the_file() throws IOException {
        Path file = dir.resolve("c2a.properties");
        Files.writeString(file, "workers = 3\nport = 9000\nlease = 10s\n");
        Settings s = SettingsLoader.load(file, Map.of("C2A_PORT", "9100", "C2A_WORKERS", "4"),
                Map.of(Setting.WORKERS, "5"));
        assertThat(s.workers()).isEqualTo(5);
        assertThat(s.port()).isEqualTo(9100);
        assertThat(s.lease()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.sources()).containsEntry(Setting.WORKERS, "flag --workers")
                .containsEntry(Setting.PORT, "environment C2A_PORT").containsEntry(Setting.LEASE, file.toString());
    }

    @Test
    void defaults_are_loopback_8080_and_data_in_the_working_directory() {
        Settings s = SettingsLoader.load(null, Map.of(), Map.of());
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(s.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(s.maxTextBytes()).isEqualTo(10 * 1024 * 1024);
    }

    @Test
    void errors_name_the_setting_and_where_its_value_came_from() {
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("C2A_WORKERS", "0"), Map.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("workers: must be between 1 and 64, got 0 (from environment C2A_WORKERS)");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(Setting.LEASE, "soon")))
                .hasMessageStartingWith("lease: expected a duration such as 500ms");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(Setting.PORT, "http")))
                .hasMessage("port: expected a whole number, got 'http' (from flag --port)");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(Setting.DURABILITY, "maybe")))
                .hasMessage("durability: expected 'process' or 'fsync', got 'maybe' (from flag --durability)");
    }

    @Test
    void retention_and_the_store_cap_are_off_unless_set() {
        Settings none = SettingsLoader.load(null, Map.of(), Map.of());
        assertThat(none.retention()).isEqualTo(new Settings.Retention(null, null));
        assertThat(none.describe()).containsEntry("retention", "(for ever)")
                .containsEntry("store-max-bytes", "(no cap)");
        assertThat(SettingsLoader.load(null, Map.of("C2A_RETENTION", "off"), Map.of()).retention().keep()).isNull();

        Settings set = SettingsLoader.load(null, Map.of("C2A_RETENTION", "30d"),
                Map.of(Setting.STORE_MAX_BYTES, "50000000000"));
        assertThat(set.retention()).isEqualTo(new Settings.Retention(Duration.ofDays(30), 50_000_000_000L));
        assertThat(set.describe()).containsEntry("retention", "30d").containsEntry("store-max-bytes", "50000000000");
        assertThat(SettingsLoader.load(null, Map.of(), Map.of(Setting.RETENTION, "P7D")).retention().keep())
                .isEqualTo(Duration.ofDays(7));
    }

    @Test
    void a_retention_or_store_cap_that_makes_no_sense_is_refused_naming_the_setting() {
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("C2A_RETENTION", "a month"), Map.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("retention: expected a duration such as 500ms, 30s, 5m, 1h or 7d, got 'a month'"
                        + " (from environment C2A_RETENTION)");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(Setting.RETENTION, "30s")))
                .hasMessage("retention: must be at least 1m (or off), got 30s (from flag --retention)");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(Setting.RETENTION, "-PT5M")))
                .hasMessage("retention: must not be negative (from flag --retention)");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(Setting.STORE_MAX_BYTES, "10GB")))
                .hasMessage("store-max-bytes: expected a whole number, got '10GB' (from flag --store-max-bytes)");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(Setting.STORE_MAX_BYTES, "0")))
                .hasMessageStartingWith("store-max-bytes: must be between 1 and");
    }

    @Test
    void the_node_id_defaults_to_the_host_name_and_must_be_a_plain_name() {
        assertThat(SettingsLoader.load(null, Map.of(), Map.of()).nodeId()).matches("[A-Za-z0-9._-]{1,64}");
        assertThat(SettingsLoader.load(null, Map.of("C2A_NODE_ID", "tts-2"), Map.of()).nodeId()).isEqualTo("tts-2");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(Setting.NODE_ID, "a/b")))
                .hasMessage("node-id: 1 to 64 letters, digits, '.', '-' or '_', got 'a/b' (from flag --node-id)");
    }

    @Test
    void a_postgres_queue_needs_a_database_url_of_a_form_it_knows_and_an_sqlite_queue_none() {
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(Setting.QUEUE, "mysql")))
                .hasMessage("queue: expected 'sqlite' or 'postgres', got 'mysql' (from flag --queue)");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(Setting.QUEUE, "postgres")))
                .hasMessageStartingWith("database-url: required when queue is postgres (from flag --queue)");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("C2A_QUEUE", "postgres",
                "C2A_DATABASE_URL", "mysql://db/jobs"), Map.of()))
                .hasMessage("database-url: expected jdbc:postgresql://host:port/db or"
                        + " postgresql://user:password@host:port/db (from environment C2A_DATABASE_URL)");
        assertThatThrownBy(() -> postgres("jdbc:postgresql://127.0.0.1:99999/c2a?user=c2a&password=hunter2"))
                .hasMessage("database-url: port 99999 is not between 1 and 65535 (from environment C2A_DATABASE_URL)");
        assertThatThrownBy(() -> postgres("postgresql://c2a:hunter2@127.0.0.1:x/c2a"))
                .hasMessage("database-url: expected postgresql://user:password@host:port/db, with a host, a numeric"
                        + " port (or none) and a database name (from environment C2A_DATABASE_URL)");
        assertThatThrownBy(() -> postgres("jdbc:postgresql://db.example:5432?user=c2a&password=hunter2"))
                .hasMessageStartingWith("database-url: expected jdbc:postgresql://host:port/db, with a host");
        assertThatThrownBy(() -> postgres("postgresql://c2a:hun ter2@db.example/c2a"))
                .hasMessageStartingWith("database-url: not a URL: ").hasMessageNotContaining("hun");
        assertThat(postgres("jdbc:postgresql://db1:5432,db2:5433/jobs?targetServerType=primary").jdbcUrl())
                .as("several servers to fail over between").endsWith("db1:5432,db2:5433/jobs?targetServerType=primary");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("C2A_DATABASE_URL", "postgresql://h/db"), Map.of()))
                .hasMessage("database-url: only used with queue = postgres, but queue is sqlite (from default)");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("C2A_QUEUE", "postgres", "C2A_DATABASE_URL",
                "postgresql://h/db", "C2A_DATABASE_POOL_SIZE", "0"), Map.of()))
                .hasMessageStartingWith("database-pool-size: must be between 1 and 1000, got 0");
    }

    @Test
    void an_s3_store_needs_a_bucket_and_a_local_store_takes_no_s3_settings() {
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(Setting.STORE, "ftp")))
                .hasMessage("store: expected 'local' or 's3', got 'ftp' (from flag --store)");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("C2A_STORE", "s3"), Map.of()))
                .hasMessageStartingWith("s3-bucket: required when store is s3 (from environment C2A_STORE)");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("C2A_S3_BUCKET", "audio"), Map.of()))
                .hasMessage("s3-bucket: only used with store = s3, but store is local (from default)");
        assertThatThrownBy(() -> s3(Setting.S3_BUCKET, "Audio_Files"))
                .hasMessageStartingWith("s3-bucket: 3 to 63 lower-case letters");
        assertThatThrownBy(() -> s3(Setting.S3_ENDPOINT, "ftp://minio:9000"))
                .hasMessageStartingWith("s3-endpoint: must be an http or https URL, got 'ftp://minio:9000'");
        assertThatThrownBy(() -> s3(Setting.S3_PREFIX, "../up"))
                .hasMessageStartingWith("s3-prefix: up to 4 path segments");
        assertThatThrownBy(() -> s3(Setting.S3_ACCESS_KEY, "AKIAEXAMPLE"))
                .hasMessageStartingWith("s3-secret-key: s3-access-key and s3-secret-key go together");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(Setting.MIN_FREE_DISK, "-1")))
                .hasMessageStartingWith("min-free-disk: must be between 0 and");

        Settings s = s3(Setting.S3_PREFIX, "tts/audio");
        assertThat(s.store().s3().prefix()).isEqualTo("tts/audio/");
        assertThat(s.store().s3().endpoint()).isNull();
        assertThat(s.store().s3().pathStyle()).isTrue();
        assertThat(s.describe()).containsEntry("s3-access-key", "(the AWS SDK's chain)").doesNotContainValue("hunter2");
        Settings withKeys = SettingsLoader.load(null, Map.of(), Map.of(Setting.STORE, "s3", Setting.S3_BUCKET, "audio",
                Setting.S3_ACCESS_KEY, "AKIAEXAMPLE", Setting.S3_SECRET_KEY, "hunter2"));
        assertThat(withKeys.describe()).containsEntry("s3-access-key", "(set)").doesNotContainValue("hunter2");
    }

    private static Settings s3(Setting setting, String value) {
        Map<Setting, String> flags = new java.util.EnumMap<>(Setting.class);
        flags.put(Setting.STORE, "s3");
        flags.put(Setting.S3_BUCKET, "audio");
        flags.put(setting, value);
        return SettingsLoader.load(null, Map.of(), flags);
    }

    @Test
    void a_postgresql_url_becomes_a_jdbc_url_with_its_user_and_password_apart() {
        QueueSettings q = SettingsLoader.load(null, Map.of("C2A_QUEUE", "postgres", "C2A_DATABASE_URL",
                "postgresql://c2a:p%40ss@db.example:5433/jobs?sslmode=require"), Map.of()).queue();

        assertThat(q).isEqualTo(new QueueSettings(QueueSettings.Kind.POSTGRES,
                "jdbc:postgresql://db.example:5433/jobs?sslmode=require", "c2a", "p@ss", 10));
    }

    @Test
    void an_unknown_key_in_the_file_is_refused() throws IOException {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "wrokers = 3\n");
        assertThatThrownBy(() -> SettingsLoader.load(file, Map.of(), Map.of()))
                .hasMessageStartingWith("unknown setting 'wrokers' in " + file);
    }

    @Test
    void binding_beyond_loopback_requires_an_api_token() {
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(Setting.HOST, "0.0.0.0")))
                .hasMessageStartingWith("api-token: required when host is not a loopback address");
        Settings s = SettingsLoader.load(null, Map.of("C2A_API_TOKEN", "a-long-enough-token"),
                Map.of(Setting.HOST, "0.0.0.0"));
        assertThat(s.tokens()).containsExactly(new ApiToken("api-token", Role.ADMIN, "a-long-enough-token"));
        assertThat(s.describe()).containsEntry("api-token", "(set)");
    }

    @Test
    void tokens_with_roles_are_read_from_the_file_and_flags_and_their_secrets_never_shown() throws IOException {
        Path file = dir.resolve("tokens.properties");
        Files.writeString(file, "host = 0.0.0.0\ntoken.ci.secret = ci-secret-0123456789\ntoken.ci.role = operator\n"
                + "token.grafana.secret = grafana-secret-0123456789\ntoken.grafana.role = viewer\n");
        Settings s = SettingsLoader.load(file, Map.of(), Map.of(), Map.of("token.ops.secret", "ops-secret-0123456789",
                "token.ops.role", "admin"));

        assertThat(s.tokens()).containsExactly(new ApiToken("ci", Role.OPERATOR, "ci-secret-0123456789"),
                new ApiToken("grafana", Role.VIEWER, "grafana-secret-0123456789"),
                new ApiToken("ops", Role.ADMIN, "ops-secret-0123456789"));
        assertThat(s.describe()).containsEntry("api-token", "(none)").containsEntry("token.ci.role", "operator")
                .containsEntry("token.ci.secret", "(set)").containsEntry("token.ops.role", "admin")
                .doesNotContainValue("ci-secret-0123456789").doesNotContainValue("ops-secret-0123456789");
        assertThat(s.tokens().getFirst().toString()).doesNotContain("ci-secret");
    }

    @Test
    void api_token_keeps_its_meaning_beside_tokens_with_roles() {
        Settings s = SettingsLoader.load(null, Map.of("C2A_API_TOKEN", "the-single-token-123"), Map.of(),
                Map.of("token.ci.secret", "ci-secret-0123456789", "token.ci.role", "viewer"));

        assertThat(s.tokens()).containsExactly(new ApiToken("api-token", Role.ADMIN, "the-single-token-123"),
                new ApiToken("ci", Role.VIEWER, "ci-secret-0123456789"));
    }

    @Test
    void a_token_needs_a_known_role_a_long_secret_and_a_secret_of_its_own() {
        assertThatThrownBy(() -> tokens("token.ci.secret", "ci-secret-0123456789", "token.ci.role", "boss"))
                .hasMessage("token.ci.role: 'boss' is not a role; a role is viewer, operator or admin"
                        + " (from flag --set token.ci.role)");
        assertThatThrownBy(() -> tokens("token.ci.secret", "ci-secret-0123456789"))
                .hasMessage("token.ci.role: required: viewer, operator or admin (from flag --set token.ci.secret)");
        assertThatThrownBy(() -> tokens("token.ci.secret", "short", "token.ci.role", "viewer"))
                .hasMessage("token.ci.secret: required, at least 16 characters (from flag --set token.ci.secret)");
        assertThatThrownBy(() -> tokens("token.ci.role", "viewer"))
                .hasMessage("token.ci.secret: required, at least 16 characters (from flag --set token.ci.role)");
        assertThatThrownBy(() -> tokens("token.a.secret", "the-same-secret-123", "token.a.role", "viewer",
                "token.b.secret", "the-same-secret-123", "token.b.role", "admin"))
                .hasMessageStartingWith("token.b.secret: the same secret as token.a; each token needs a secret of its own");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("C2A_API_TOKEN", "the-same-secret-123"), Map.of(),
                Map.of("token.b.secret", "the-same-secret-123", "token.b.role", "viewer")))
                .hasMessageStartingWith("token.b.secret: the same secret as api-token");
        assertThatThrownBy(() -> tokens("token.ci.scope", "jobs"))
                .hasMessage("unknown setting token.ci.scope (from flag --set token.ci.scope); a token knows: role, secret");
        assertThatThrownBy(() -> tokens("token.api-token.secret", "ci-secret-0123456789", "token.api-token.role", "viewer"))
                .hasMessageStartingWith("token.api-token.secret: the name api-token is the api-token setting's");
    }

    @Test
    void off_loopback_a_token_section_alone_is_enough() {
        Settings s = SettingsLoader.load(null, Map.of(), Map.of(Setting.HOST, "0.0.0.0"),
                Map.of("token.ci.secret", "ci-secret-0123456789", "token.ci.role", "viewer"));

        assertThat(s.host()).isEqualTo("0.0.0.0");
        assertThat(s.tokens()).extracting(ApiToken::name).containsExactly("ci");
    }

    private static Settings tokens(String... keyValues) {
        Map<String, String> sections = new java.util.TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            sections.put(keyValues[i], keyValues[i + 1]);
        }
        return SettingsLoader.load(null, Map.of(), Map.of(), sections);
    }

    private static QueueSettings postgres(String url) {
        return SettingsLoader.load(null, Map.of("C2A_QUEUE", "postgres", "C2A_DATABASE_URL", url), Map.of()).queue();
    }

    @Test
    void intake_and_webhook_sections_are_read_from_the_file_and_flags_each_error_naming_its_key() throws IOException {
        Path file = dir.resolve("c2a.properties");
        Files.writeString(file, "intake.orders.type = rabbitmq\nintake.orders.url = amqp://u:p@127.0.0.1:5672/\n"
                + "intake.orders.queue = orders\nwebhook-secret = 0123456789abcdef\nwebhook.audit.url = https://a.example/h\n"
                + "webhook.audit.events = failed, job.cancelled\n");
        Settings s = SettingsLoader.load(file, Map.of(), Map.of(), Map.of("intake.orders.prefetch", "10"));
        IntakeSettings orders = s.intakes().getFirst();
        assertThat(orders.name()).isEqualTo("orders");
        assertThat(orders.type()).isEqualTo("rabbitmq");
        assertThat(orders.values()).containsEntry("queue", "orders").containsEntry("prefetch", "10");
        assertThat(orders.integer("prefetch", 1, 1, 100)).isEqualTo(10);
        assertThat(orders.mode()).isEqualTo(IntakeSettings.Mode.ON_ACCEPT);
        assertThat(s.webhooks().subscribers()).containsExactly(new Webhooks.Subscriber("audit", "https://a.example/h",
                "0123456789abcdef", java.util.Set.of(dev.c2a.job.JobState.FAILED, dev.c2a.job.JobState.CANCELLED)));
        assertThat(s.describe()).containsEntry("intake.orders.url", "(set)").containsEntry("webhook-secret", "(set)");

        assertThatThrownBy(() -> orders.integer("prefetch", 1, 1, 5)).hasMessageContaining(
                "intake.orders.prefetch: must be between 1 and 5, got 10 (from flag --set intake.orders.prefetch)");
        assertThatThrownBy(() -> orders.requireOnly(java.util.Set.of("url", "queue"))).hasMessageContaining(
                "unknown setting intake.orders.prefetch");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(), Map.of("intake.Bad Name.type", "kafka")))
                .hasMessageContaining("expected intake.<name>.<key>");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(), Map.of("intake.x.url", "u")))
                .hasMessageContaining("intake.x.type: required");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(), Map.of("intake.x.type", "kafka",
                "intake.x.mode", "sometimes")).intakes().getFirst().mode()).hasMessageContaining("intake.x.mode");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(), Map.of("webhook.w.url", "https://h/")))
                .hasMessageContaining("webhook.w.secret: required");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(), Map.of("webhook.w.urll", "x")))
                .hasMessageContaining("unknown setting webhook.w.urll");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(Setting.WEBHOOK_SECRET, "short")))
                .hasMessageContaining("webhook-secret: must be at least 16 characters");
    }

    @Test
    void engine_sections_are_read_from_the_file_and_flags_for_their_engines_and_shown_without_secrets() throws IOException {
        Path file = dir.resolve("c2a.conf");
        Files.writeString(file, "engine.piper.voices = /srv/voices\nengine.piper.threads = 2\n");
        Settings s = SettingsLoader.load(file, Map.of(), Map.of(), Map.of("engine.piper.threads", "4",
                "engine.remote-two.api-key", "sk-123"));
        EngineSettings piper = s.speech().engine("piper");
        assertThat(piper.text("voices")).isEqualTo("/srv/voices");
        assertThat(piper.integer("threads", 1, 1, 64)).as("the flag wins over the file").isEqualTo(4);
        assertThat(s.speech().engine("flite").values()).as("no keys: its defaults").isEmpty();
        assertThat(s.describe()).containsEntry("engine.piper.voices", "/srv/voices")
                .containsEntry("engine.remote-two.api-key", "(set)");
        assertThatThrownBy(() -> piper.integer("voices", 1, 1, 2))
                .hasMessage("engine.piper.voices: expected a whole number, got '/srv/voices' (from " + file + ")");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of(), Map.of("engine.Piper.voices", "x")))
                .hasMessageContaining("expected engine.<name>.<key>");
    }
}
