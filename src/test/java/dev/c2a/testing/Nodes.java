package dev.c2a.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.json.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code c2a serve} processes sharing one PostgreSQL database, as machines of a cluster run them:
 * each with its node id, its own data directory (kept across a restart, as a machine's disk is)
 * and the same settings.
 */
public final class Nodes implements AutoCloseable {
    private final Path dir;
    private final String databaseUrl;
    private final List<String> args;
    private final Map<String, ServeProcess> running = new ConcurrentHashMap<>();

    private Nodes(Path dir, String databaseUrl, List<String> args) {
        this.dir = dir;
        this.databaseUrl = databaseUrl;
        this.args = args;
    }

    /** Nodes in {@code dir} on the database at {@code databaseUrl}, each started with {@code args}. */
    public static Nodes on(Path dir, String databaseUrl, String... args) {
        return new Nodes(dir, databaseUrl, List.of(args));
    }

    /** Starts the nodes side by side (a start is mostly waiting for the JVM). */
    public void start(String... ids) {
        List<CompletableFuture<ServeProcess>> starting = new ArrayList<>();
        for (String id : ids) {
            starting.add(CompletableFuture.supplyAsync(() -> start(id)));
        }
        starting.forEach(CompletableFuture::join);
    }

    public ServeProcess start(String id) {
        List<String> command = new ArrayList<>(List.of("--set", "queue=postgres", "--set", "database-url="
                + databaseUrl, "--set", "node-id=" + id));
        command.addAll(args);
        try {
            ServeProcess p = ServeProcess.start(dir.resolve(id), command.toArray(String[]::new));
            running.put(id, p);
            return p;
        } catch (Exception e) {
            throw new IllegalStateException("node " + id + " did not start", e);
        }
    }

    public ServeProcess process(String id) {
        ServeProcess p = running.get(id);
        if (p == null) {
            throw new IllegalStateException("node " + id + " is not running; running: " + running.keySet());
        }
        return p;
    }

    public Http http(String id) {
        return new Http(process(id).url());
    }

    /** SIGKILL: the node stops where it is, with no goodbye. */
    public void kill(String id) throws InterruptedException {
        process(id).kill();
        running.remove(id);
    }

    /** The node's {@code GET /v1/service}. */
    public JsonNode service(String id) {
        return http(id).get("/v1/service").json();
    }

    /** {@code GET /v1/cluster}, as node {@code id} answers it. */
    public JsonNode cluster(String id) {
        return http(id).get("/v1/cluster").json();
    }

    /** The node of the cluster view named {@code id}, or a missing node. */
    public static JsonNode node(JsonNode cluster, String id) {
        for (JsonNode n : cluster.path("nodes")) {
            if (n.path("id").asText().equals(id)) {
                return n;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** Submits one job per text in one batch to {@code node}; returns their ids. */
    public static List<String> submit(Http node, List<String> texts) {
        List<Map<String, String>> jobs = texts.stream().map(t -> Map.of("text", t)).toList();
        Http.Response r = node.post("/v1/jobs/batch", Json.write(Map.of("jobs", jobs)));
        if (r.status() != 202) {
            throw new IllegalStateException("the batch was refused: " + r.status() + " " + r.text());
        }
        List<String> ids = new ArrayList<>();
        r.json().path("jobs").forEach(j -> ids.add(j.path("id").asText()));
        return ids;
    }

    /** {@code count} jobs of {@code text}, each made different by its number. */
    public static List<String> numbered(String text, int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> text + " Job " + i + ".").toList();
    }

    /** The jobs {@code node}'s workers hold now. */
    public static List<String> runningOn(Http node) {
        JsonNode workers = node.get("/v1/service").json().path("workers").path("list");
        return java.util.stream.StreamSupport.stream(workers.spliterator(), false).map(w -> w.path("jobId"))
                .filter(j -> !j.isMissingNode() && !j.isNull()).map(JsonNode::asText).toList();
    }

    /** The ids of the nodes running here. */
    public List<String> ids() {
        return Arrays.asList(running.keySet().toArray(String[]::new));
    }

    @Override
    public void close() throws InterruptedException {
        for (ServeProcess p : running.values()) {
            p.close();
        }
        running.clear();
    }
}
