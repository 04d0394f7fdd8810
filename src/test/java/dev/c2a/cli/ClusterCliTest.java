package dev.c2a.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.cli.CliTest.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * c2a cluster, nodes, scale --node and audit against a cluster of one node on SQLite (it leads), with
 * an operator's, an admin's and a viewer's token. A lease of 3 s makes the node beat every second.
 */
class ClusterCliTest {
    private static final String OPERATOR = "cluster-cli-operator-0123456789";
    private static final String ADMIN = "cluster-cli-admin-0123456789";
    private static final String VIEWER = "cluster-cli-viewer-0123456789";
    @TempDir
    static Path dir;
    static C2aServer server;

    @BeforeAll
    static void start() {
        server = C2a.builder().dataDir(dir.resolve("data")).port(0).workers(2).engine("flite,espeak-ng")
                .set("node-id", "alpha").set("lease", "3s")
                .set("token.ops.secret", OPERATOR).set("token.ops.role", "operator")
                .set("token.boss.secret", ADMIN).set("token.boss.role", "admin")
                .set("token.eve.secret", VIEWER).set("token.eve.role", "viewer").start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The CLI as the operator. */
    static Run c2a(String... args) {
        return as(OPERATOR, args);
    }

    static Run as(String token, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", server.url(), "--token", token));
        return CliTest.execute(all.toArray(String[]::new));
    }

    /** The cluster as this node's next beats show it, once {@code until} holds. */
    static JsonNode cluster(Predicate<JsonNode> until) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> c2a("cluster", "--json").json(), until);
    }

    static JsonNode alpha(JsonNode cluster) {
        return cluster.path("nodes").get(0);
    }

    @Test
    void cluster_shows_its_state_its_leader_its_jobs_and_this_node_alive_and_leading() throws Exception {
        JsonNode c = cluster(x -> alpha(x).has("url") && alpha(x).path("workers").size() == 2
                && alpha(x).path("workers").findValues("jobId").isEmpty());
        assertThat(c.path("nodes")).hasSize(1);
        assertThat(alpha(c).path("status").asText()).isEqualTo("alive");
        assertThat(alpha(c).path("leader").asBoolean()).isTrue();
        String url = server.url();
        Run run = c2a("cluster");
        assertThat(run.code()).isZero();
        assertThat(run.out()).matches(Pattern.quote("state     " + c.path("state").asText(
                "not set: each node follows its own settings") + "\n"
                + "leader    alpha (term " + c.path("leader").path("term").asLong() + ", since "
                + c.path("leader").path("since").asText() + ")\n")
                + "jobs      queued \\d+, running \\d+, succeeded \\d+, failed \\d+, cancelled \\d+\n"
                + Pattern.quote("NODE            STATUS  STATE    BUSY/WORKERS  URL" + " ".repeat(url.length() - 1)
                + "LAST BEAT\n"
                + "alpha (leader)  alive   running  0/2           " + url + "  ") + "\\ds ago\n");
    }

    @Test
    void nodes_show_each_worker_under_its_node_with_its_job_stage_and_progress() {
        String text = "Sentence number one keeps a worker busy for a little while. ".repeat(150);
        String id = c2a("submit", "--text", text, "--voice", "flite:slt").out().trim();
        JsonNode c = cluster(x -> alpha(x).path("workers").size() == 2
                && alpha(x).path("workers").findValuesAsText("jobId").contains(id));
        Run run = c2a("nodes");
        assertThat(run.code()).isZero();
        List<String> engines = alpha(c).path("engines").findValuesAsText("name");
        assertThat(run.out()).matches("alpha \\(leader\\)  alive  running, 1 of 2 workers busy  "
                + Pattern.quote(server.url()) + "  version " + Pattern.quote(alpha(c).path("version").asText())
                + ", last beat \\ds ago\n"
                + "  engines  " + String.join(", ", engines) + "\n"
                + "(  w\\d+ .*\n){2}");
        assertThat(run.out()).containsPattern("\n  w\\d+  busy  " + id + "  [a-z]+ +\\d+/\\d+  \\S+Z\n")
                .containsPattern("\n  w\\d+  idle\n");
        // the job is only long enough to be seen running; a faster worker may have finished it since
        if (c2a("cancel", id).code() != 0) {
            assertThat(c2a("job", id).out()).as("only a job that finished refuses its cancel")
                    .contains("state      succeeded");
        }
    }

    @Test
    void cluster_pause_and_resume_reach_every_node() throws Exception {
        Run pause = c2a("cluster", "pause");
        assertThat(pause.code()).isZero();
        assertThat(pause.out()).isEqualTo("cluster paused\n");
        assertThat(c2a("status", "--json").json().path("state").asText()).isEqualTo("paused");
        assertThat(c2a("cluster", "resume").out()).isEqualTo("cluster running\n");
        assertThat(c2a("status", "--json").json().path("state").asText()).isEqualTo("running");
    }

    @Test
    void cluster_stop_waits_until_every_node_has_stopped_and_cluster_start_runs_them_again() throws Exception {
        Run stop = c2a("cluster", "stop", "--drain", "1s");
        assertThat(stop.code()).as(stop.err()).isZero();
        assertThat(stop.out()).isEqualTo("cluster stopped, 1 node(s) stopped\n");
        assertThat(c2a("status", "--json").json().path("state").asText()).isEqualTo("stopped");
        Run start = c2a("cluster", "start");
        assertThat(start.out()).isEqualTo("cluster running\n");
        assertThat(c2a("status", "--json").json().path("state").asText()).isEqualTo("running");
    }

    @Test
    void scale_with_a_node_sets_that_nodes_workers_and_an_unknown_node_is_refused() throws Exception {
        Run scale = c2a("scale", "3", "--node", "alpha");
        assertThat(scale.code()).isZero();
        assertThat(scale.out()).isEqualTo("node alpha: 3 workers desired\n");
        assertThat(c2a("status", "--json").json().path("workers").path("desired").asInt()).isEqualTo(3);
        cluster(x -> alpha(x).path("desiredWorkers").asInt() == 3);

        Run unknown = c2a("scale", "3", "--node", "nope");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("c2a: error 404: no node 'nope' in this cluster; GET /v1/cluster lists"
                + " them\n");
        assertThat(c2a("scale", "2", "--node", "alpha").code()).isZero();
    }

    @Test
    void audit_lists_who_changed_what_newest_first_and_only_for_an_admin() {
        c2a("cluster", "pause");
        c2a("cluster", "resume");
        Run audit = as(ADMIN, "audit", "--limit", "2");
        assertThat(audit.code()).isZero();
        assertThat(audit.out()).matches("ID +AT +ACTOR +ROLE +ORIGIN +ACTION +SCOPE +DETAIL\n"
                + "(\\d+) +\\S+Z +ops +operator +127\\.0\\.0\\.1 +run +cluster\n"
                + "\\d+ +\\S+Z +ops +operator +127\\.0\\.0\\.1 +pause +cluster\n"
                + "more: --before \\d+\n");

        Run operator = c2a("audit");
        assertThat(operator.code()).isEqualTo(2);
        assertThat(operator.err()).isEqualTo("c2a: error 403: this request needs the admin role; token 'ops' has the"
                + " operator role\n");
        Run viewer = as(VIEWER, "cluster", "pause");
        assertThat(viewer.code()).isEqualTo(2);
        assertThat(viewer.err()).isEqualTo("c2a: error 403: this request needs the operator role; token 'eve' has the"
                + " viewer role\n");
        assertThat(as(VIEWER, "cluster").code()).isZero();
    }

    @Test
    void the_cluster_commands_print_their_help() {
        for (String[] command : new String[][] {{"cluster"}, {"cluster", "pause"}, {"cluster", "stop"}, {"nodes"},
                {"audit"}}) {
            List<String> args = new ArrayList<>(List.of(command));
            args.add("--help");
            Run r = CliTest.execute(args.toArray(String[]::new));
            assertThat(r.code()).as(args.toString()).isZero();
            assertThat(r.out()).as(args.toString()).contains("Usage: c2a " + String.join(" ", command));
        }
        assertThat(CliTest.execute("cluster", "--help").out()).contains("start", "pause", "resume", "stop");
        assertThat(CliTest.execute("scale", "--help").out()).contains("--node=ID");
    }
}
