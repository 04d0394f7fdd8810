package dev.c2a;

import dev.c2a.job.JobState;
import dev.c2a.queue.Durability;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.queue.sqlite.SqliteJobQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's embedding snippet compiles and does what it says. */
class EmbeddingReadmeTest {
    @TempDir
    Path dir;

    @Test
    void the_readme_snippet_compiles_runs_and_speaks_a_job() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        // the Java block of the Embedding section (the README has others)
        int start = readme.indexOf("```java\n", readme.indexOf("## Embedding")) + "```java\n".length();
        String source = readme.substring(start, readme.indexOf("```", start));
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("Embedded.java"), source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, null, diagnostics, "-cp", System.getProperty("java.class.path"), "-d",
                dir.resolve("classes").toString(), src.resolve("Embedded.java").toString());
        assertThat(rc).as(diagnostics.toString()).isZero();

        Path data = dir.resolve("data");
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()},
                getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass("Embedded").getMethod("main", String[].class).invoke(null, (Object) new String[] {data.toString()});
        } finally {
            System.setOut(original);
        }

        assertThat(out.toString(StandardCharsets.UTF_8)).matches("(?s)[0-9a-f-]{36} SUCCEEDED at http://127\\.0\\.0\\.1:\\d+\\n");
        try (JobQueue queue = SqliteJobQueue.open(data.resolve("jobs.db"), Durability.PROCESS, InstantSource.system(),
                RetryPolicy.defaults())) {
            assertThat(queue.counts()).containsEntry(JobState.SUCCEEDED, 1L);
        }
    }
}
