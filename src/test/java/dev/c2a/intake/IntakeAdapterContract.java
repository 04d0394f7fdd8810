package dev.c2a.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.api.ServiceStatus;
import dev.c2a.json.Json;
import dev.c2a.service.Service;
import dev.c2a.testing.Http;
import dev.c2a.testing.ServeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every intake adapter must show against its real broker ({@link #kit()}), with the real
 * service on a real SQLite ledger and the no-op engine: every message makes exactly one job and one
 * result event (a duplicate event only ever with the same event id), through a broker killed and
 * restarted and through c2a killed and restarted; a message that cannot become a job is
 * dead-lettered with its reason and blocks nothing; a paused service takes nothing in.
 *
 * <p>Tagged {@code slow} (each test takes seconds to a minute); each subclass adds its broker's tag.
 */
@Tag("slow")
public abstract class IntakeAdapterContract {
    /** The adapter's name in every test: the inbox's source. */
    protected static final String NAME = "in";
    private static final Duration LONG = Duration.ofMinutes(3);
    @TempDir
    protected Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    /** The broker the adapter under test consumes from. */
    protected abstract BrokerKit kit();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T opened(T c) {
        open.add(c);
        return c;
    }

    /** The service with the adapter on {@code channel}, two workers, the no-op engine, {@code extra} settings. */
    protected Service service(BrokerKit.Channel channel, Map<String, String> extra) {
        C2a.Builder b = C2a.builder().dataDir(dir.resolve("data")).workers(2).engine("noop");
        channel.settings().forEach((k, v) -> b.set("intake." + NAME + "." + k, v));
        extra.forEach(b::set);
        return opened(b.open());
    }

    protected static List<BrokerKit.Message> jobs(int from, int count) {
        List<BrokerKit.Message> out = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            out.add(job(i));
        }
        return out;
    }

    protected static BrokerKit.Message job(int i) {
        String body = "{\"text\": \"Message number " + i + ".\", \"correlationId\": \"c-" + i + "\"}";
        return new BrokerKit.Message("m-" + i, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static long jobsIn(Service service, String state) {
        return service.status().jobs().getOrDefault(state, 0L);
    }

    private static long allJobs(Service service) {
        return service.status().jobs().values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The result events as JSON, checked: each job's events carry one event id and the job's one
     * correlation id; returns the distinct events by event id.
     */
    private static Map<String, JsonNode> distinct(List<String> events) {
        Map<String, JsonNode> byEvent = new HashMap<>();
        Map<String, String> eventOfJob = new HashMap<>();
        for (String e : events) {
            JsonNode n = Json.read(e, JsonNode.class);
            String eventId = n.path("eventId").asText();
            String jobId = n.path("jobId").asText();
            JsonNode before = byEvent.put(eventId, n);
            if (before != null) {
                assertThat(before.path("jobId").asText()).as("a repeated event id is the same event").isEqualTo(jobId);
            }
            String other = eventOfJob.putIfAbsent(jobId, eventId);
            assertThat(other == null || other.equals(eventId)).as("job " + jobId + " has one event id, not "
                    + other + " and " + eventId).isTrue();
        }
        return byEvent;
    }

    /**
     * At least {@code count} distinct result events, waiting up to {@link #LONG}: a kit's
     * {@code results(n)} counts duplicates, which a c2a killed between publishing and recording
     * may leave, so n records can be fewer than n events.
     */
    private static Map<String, JsonNode> distinctResults(BrokerKit.Channel channel, int count) throws Exception {
        long until = System.nanoTime() + LONG.toNanos();
        int ask = count;
        Map<String, JsonNode> events;
        do {
            List<String> all = channel.results(ask, Duration.ofSeconds(5));
            events = distinct(all);
            ask = all.size() + count - events.size();
        } while (events.size() < count && System.nanoTime() < until);
        return events;
    }

    private static void assertExactlyOnce(Map<String, JsonNode> events, int count) {
        assertThat(events).hasSize(count);
        Set<String> correlations = new HashSet<>();
        Set<String> jobIds = new HashSet<>();
        for (JsonNode e : events.values()) {
            assertThat(e.path("type").asText()).isEqualTo("job.succeeded");
            assertThat(e.path("source").asText()).isEqualTo(NAME);
            assertThat(e.path("audioUrl").asText()).endsWith("/v1/jobs/" + e.path("jobId").asText() + "/audio");
            correlations.add(e.path("correlationId").asText());
            jobIds.add(e.path("jobId").asText());
        }
        assertThat(jobIds).hasSize(count);
        assertThat(correlations).hasSize(count).allMatch(c -> c.startsWith("c-"));
    }

    @Test
    void a_thousand_messages_make_a_thousand_jobs_and_a_thousand_result_events() throws Exception {
        BrokerKit.Channel channel = opened(kit().newChannel());
        Service service = service(channel, Map.of());
        channel.publish(jobs(0, 1000));

        await().atMost(LONG).until(() -> jobsIn(service, "succeeded") == 1000);
        Map<String, JsonNode> events = distinctResults(channel, 1000);
        assertExactlyOnce(events, 1000);
        assertThat(allJobs(service)).isEqualTo(1000);
        ServiceStatus.Intake status = service.status().intake().getFirst();
        assertThat(status.name()).isEqualTo(NAME);
        assertThat(status.type()).isEqualTo(kit().type());
        assertThat(status.connected()).isTrue();
        assertThat(status.accepted() + status.duplicates()).isGreaterThanOrEqualTo(1000);
        assertThat(status.accepted()).isLessThanOrEqualTo(1000);
        await().atMost(LONG).until(() -> service.status().outbox().getOrDefault("results:" + NAME, 0L) == 0);
    }

    @Test
    void a_poison_message_and_one_over_the_size_limit_are_dead_lettered_with_their_reason_and_the_rest_go_on()
            throws Exception {
        BrokerKit.Channel channel = opened(kit().newChannel());
        Service service = service(channel, Map.of("max-text-bytes", "2000", "max-upload-bytes", "2000"));
        List<BrokerKit.Message> messages = new ArrayList<>(jobs(0, 2));
        messages.add(new BrokerKit.Message("poison", "{\"text\": \"unterminated".getBytes(StandardCharsets.UTF_8),
                Map.of()));
        messages.add(new BrokerKit.Message("huge", ("{\"text\": \"" + "a".repeat(5000) + "\"}")
                .getBytes(StandardCharsets.UTF_8), Map.of()));
        messages.add(new BrokerKit.Message("bad-voice", "{\"text\": \"hi\", \"voice\": \"klingon\"}"
                .getBytes(StandardCharsets.UTF_8), Map.of()));
        messages.add(new BrokerKit.Message("raw", "Plain content, sent as it is.".getBytes(StandardCharsets.UTF_8),
                Map.of("content-type", "text/plain", "correlation-id", "c-raw")));
        messages.addAll(jobs(2, 2));
        channel.publish(messages);

        await().atMost(LONG).until(() -> jobsIn(service, "succeeded") == 5);
        List<BrokerKit.DeadLetter> dead = channel.deadLetters(3, LONG);
        assertThat(dead).hasSize(3);
        assertThat(dead.get(0).reason()).contains("invalid JSON");
        assertThat(new String(dead.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("{\"text\": \"unterminated");
        assertThat(dead.get(1).reason()).contains("over");
        assertThat(dead.get(2).reason()).contains("klingon");
        Map<String, JsonNode> events = distinctResults(channel, 5);
        assertThat(events).hasSize(5);
        assertThat(events.values().stream().map(e -> e.path("correlationId").asText()))
                .containsExactlyInAnyOrder("c-0", "c-1", "c-raw", "c-2", "c-3");
        assertThat(allJobs(service)).isEqualTo(5);
        assertThat(service.status().intake().getFirst().deadLettered()).isEqualTo(3);
    }

    @Test
    void a_paused_service_takes_nothing_in_and_takes_everything_once_resumed() throws Exception {
        BrokerKit.Channel channel = opened(kit().newChannel());
        Service service = service(channel, Map.of());
        await().atMost(LONG).until(() -> service.status().intake().getFirst().connected());
        service.pause();
        channel.publish(jobs(0, 20));
        Thread.sleep(2_000);
        assertThat(allJobs(service)).as("paused: nothing taken in").isZero();
        assertThat(service.status().intake().getFirst().consuming()).isFalse();

        service.resume();
        await().atMost(LONG).until(() -> jobsIn(service, "succeeded") == 20);
        assertExactlyOnce(distinctResults(channel, 20), 20);
    }

    @Test
    void the_broker_killed_and_restarted_mid_stream_loses_no_message_and_makes_no_job_twice() throws Exception {
        BrokerKit.Own broker = opened(kit().own());
        BrokerKit.Channel channel = opened(broker.newChannel());
        Service service = service(channel, Map.of());
        channel.publish(jobs(0, 500));
        await().atMost(LONG).until(() -> jobsIn(service, "succeeded") >= 100);

        broker.kill();
        await().atMost(LONG).until(() -> !service.status().intake().getFirst().connected());
        assertThat(service.status().intake().getFirst().lastError()).isNotBlank();
        broker.start();
        channel.publish(jobs(500, 500));

        await().atMost(LONG).until(() -> jobsIn(service, "succeeded") == 1000);
        assertExactlyOnce(distinctResults(channel, 1000), 1000);
        assertThat(allJobs(service)).isEqualTo(1000);
    }

    @Test
    void c2a_killed_mid_stream_and_restarted_loses_no_message_makes_no_job_twice_and_publishes_every_event()
            throws Exception {
        BrokerKit.Channel channel = opened(kit().newChannel());
        Path config = dir.resolve("c2a.properties");
        StringBuilder props = new StringBuilder("engine = noop\nworkers = 2\nlease = 3s\n");
        channel.settings().forEach((k, v) -> props.append("intake.").append(NAME).append('.').append(k).append(" = ")
                .append(v.replace("\\", "\\\\")).append('\n'));
        Files.writeString(config, props);
        Path data = dir.resolve("serve-data");
        channel.publish(jobs(0, 1000));
        try (ServeProcess first = ServeProcess.start(data, "--config", config.toString())) {
            Http http = new Http(first.url());
            await().atMost(LONG).until(() -> succeeded(http) >= 200);
            first.kill();
        }
        try (ServeProcess second = ServeProcess.start(data, "--config", config.toString())) {
            Http http = new Http(second.url());
            await().atMost(LONG).until(() -> succeeded(http) == 1000);
            assertExactlyOnce(distinctResults(channel, 1000), 1000);
            JsonNode jobs = http.get("/v1/service").json().path("jobs");
            long total = 0;
            for (JsonNode n : jobs) {
                total += n.asLong();
            }
            assertThat(total).as("no message made a second job").isEqualTo(1000);
        }
    }

    private static long succeeded(Http http) {
        try {
            return http.get("/v1/service").json().path("jobs").path("succeeded").asLong();
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
