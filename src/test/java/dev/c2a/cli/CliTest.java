package dev.c2a.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.json.Json;
import dev.c2a.testing.FailingEngine;
import dev.c2a.testing.SampleBook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The c2a command line against a running service: exit codes and output. */
class CliTest {
    @TempDir
    static Path dir;
    static C2aServer server;

    @BeforeAll
    static void start() {
        server = C2a.builder().dataDir(dir.resolve("data")).port(0).workers(2).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One run of the CLI: its exit code, stdout and stderr. */
    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(out);
        }
    }

    static Run c2a(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = server.url();
        return args.length > 0 && (args[0].equals("config") || args[0].equals("--version")) ? execute(args)
                : execute(all);
    }

    /** Runs the CLI with exactly these arguments. */
    static Run execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void status_prints_a_table_for_people_and_json_for_scripts() throws Exception {
        Run human = c2a("status");
        assertThat(human.code()).isZero();
        assertThat(human.out()).startsWith("state     running since ").contains("workers   2 desired, 2 alive, ")
                .contains("engine    espeak-ng ");
        Run json = c2a("status", "--json");
        assertThat(json.code()).isZero();
        assertThat(json.json().path("state").asText()).isEqualTo("running");
    }

    @Test
    void submit_reads_the_content_type_from_the_file_and_the_format_from_the_output() throws Exception {
        Path md = Files.writeString(dir.resolve("notes.md"), "# Notes\n\nIt costs **$5**.\n\n```\ncode\n```\n");
        Path mp3 = dir.resolve("notes.mp3");
        Run run = c2a("submit", md.toString(), "--options", "{\"code\": \"skip\"}", "-o", mp3.toString(), "--json");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.json().path("contentType").asText()).isEqualTo("text/markdown");
        assertThat(run.json().path("format").asText()).isEqualTo("mp3");
        assertThat(run.json().path("options").path("code").asText()).isEqualTo("skip");
        byte[] audio = Files.readAllBytes(mp3);
        assertThat(new String(audio, 0, 3)).isEqualTo("ID3");

        Path epub = Files.write(dir.resolve("book.epub"), SampleBook.epub("Tiny", "Ann",
                SampleBook.generated(2, 300)));
        Path m4b = dir.resolve("book.m4b");
        Run book = c2a("submit", epub.toString(), "-o", m4b.toString(), "--json");
        assertThat(book.code()).as(book.err()).isZero();
        assertThat(book.json().path("result").path("chapters")).hasSize(2);
        assertThat(new String(Files.readAllBytes(m4b), 4, 4)).isEqualTo("ftyp");

        Run bad = c2a("submit", md.toString(), "--options", "{\"code\": \"maybe\"}");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("options.code must be one of");
    }

    @Test
    void say_writes_a_wav_file() throws Exception {
        Path out = dir.resolve("hello.wav");
        Run run = c2a("say", "Hello from the command line.", "-o", out.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith(out + " (").endsWith(" s of audio)\n");
        byte[] wav = Files.readAllBytes(out);
        assertThat(new String(wav, 0, 4)).isEqualTo("RIFF");
        assertThat(wav.length).isGreaterThan(20_000);
    }

    @Test
    void submit_from_a_file_waits_and_then_job_and_jobs_show_it() throws Exception {
        Path text = Files.writeString(dir.resolve("in.txt"), "First sentence. Second sentence.");
        Path audio = dir.resolve("out.wav");
        Run submitted = c2a("submit", text.toString(), "--voice", "en-us", "-o", audio.toString());
        assertThat(submitted.code()).as(submitted.err()).isZero();
        String id = submitted.out().split(" ")[0];
        assertThat(submitted.out()).isEqualTo(id + " succeeded -> " + audio + "\n");
        assertThat(Files.size(audio)).isGreaterThan(20_000);

        Run job = c2a("job", id);
        assertThat(job.code()).isZero();
        assertThat(job.out()).contains("state      succeeded (attempt 1 of 3)", "progress   2/2 segments",
                "text       32 characters: First sentence. Second sentence.");
        Run jobs = c2a("jobs", "--state", "succeeded", "--json");
        assertThat(jobs.json().path("jobs").findValuesAsText("id")).contains(id);
        Run table = c2a("jobs");
        assertThat(table.out()).startsWith("ID").contains(id);
    }

    @Test
    void submit_without_wait_prints_only_the_id() {
        Run run = c2a("submit", "--text", "Just the id, please.");
        assertThat(run.code()).isZero();
        assertThat(run.out().trim()).matches("[0-9a-f-]{36}");
    }

    @Test
    void refused_requests_exit_2_with_the_services_reason() {
        Run unknown = c2a("job", "does-not-exist");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("c2a: error 404: no job with id 'does-not-exist'\n");
        Run scale = c2a("scale", "0");
        assertThat(scale.code()).isEqualTo(2);
        assertThat(scale.err()).contains("count must be between 1 and 64");
        Run voice = c2a("say", "hi", "-o", dir.resolve("x.wav").toString(), "--voice", "nope");
        assertThat(voice.code()).isEqualTo(2);
        assertThat(voice.err()).contains("voice 'nope' is not offered by flite or espeak-ng");
    }

    @Test
    void a_file_that_is_not_utf8_text_is_a_usage_error_naming_the_offset() throws Exception {
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '.'});
        Run run = c2a("submit", latin1.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("c2a: " + latin1 + " is not valid UTF-8 (bad byte sequence at offset 3)\n");
    }

    @Test
    void every_command_serve_included_prints_its_help() {
        for (String command : new String[] {"serve", "submit", "status", "cancel", "delete"}) {
            var r = c2a(command, "--help");
            assertThat(r.code()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Usage: c2a " + command);
        }
    }

    @Test
    void usage_errors_exit_2() {
        assertThat(c2a("submit").code()).isEqualTo(2);
        assertThat(c2a("scale", "many").code()).isEqualTo(2);
        assertThat(c2a("frobnicate").code()).isEqualTo(2);
    }

    @Test
    void an_unreachable_service_exits_3_and_says_how_to_start_it() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("status", "--url", "http://127.0.0.1:" + freePort);
        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).startsWith("c2a: cannot reach c2a at http://127.0.0.1:" + freePort)
                .contains("Start it with: ./c2a serve");
    }

    @Test
    void a_failed_job_exits_1_with_its_error() {
        try (C2aServer failing = C2a.builder().dataDir(dir.resolve("failing")).port(0)
                .engine(FailingEngine.class.getName()).set("retry-base", "10ms").start()) {
            StringWriter err = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(new StringWriter(), true));
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute("submit", "--text", "doomed", "--wait", "--url", failing.url());
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("failed: engine crashed: segmentation fault");
        }
    }

    @Test
    void lifecycle_commands_drive_the_service() {
        assertThat(c2a("pause").out()).isEqualTo("service paused\n");
        assertThat(c2a("resume").out()).isEqualTo("service running\n");
        assertThat(c2a("scale", "3").out()).isEqualTo("workers: 3 desired, 3 alive\n");
        assertThat(c2a("stop", "--drain", "5s").out()).startsWith("service stopped");
        Run start = c2a("start");
        assertThat(start.out()).isEqualTo("service running\n");
        assertThat(c2a("scale", "2").code()).isZero();
    }

    @Test
    void voices_lists_ids_and_languages() {
        Run run = c2a("voices", "--language", "cmn");
        assertThat(run.code()).isZero();
        assertThat(run.out()).startsWith("ID").contains("cmn-latn-pinyin");
        assertThat(run.out().lines().filter(l -> l.contains("cmn-latn-pinyin")))
                .as("the resident espeak-ng helper reports words").allMatch(l -> l.contains("words"));
    }

    @Test
    void config_prints_each_setting_with_where_it_came_from() throws Exception {
        Run run = c2a("config", "--workers", "3", "--json");
        assertThat(run.code()).isZero();
        assertThat(run.json().path("workers").asText()).isEqualTo("3");
        assertThat(run.json().path("api-token").asText()).isEqualTo("(none)");
        Run table = c2a("config", "--workers", "3");
        assertThat(table.out()).contains("workers", "flag --workers", "C2A_WORKERS");
        Run bad = c2a("config", "--workers", "0");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("c2a: workers: must be between 1 and 64, got 0 (from flag --workers)\n");
    }
}
