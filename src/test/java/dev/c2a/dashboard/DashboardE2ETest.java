package dev.c2a.dashboard;

import dev.c2a.C2a;
import dev.c2a.C2aServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's end-to-end tests ({@code dashboard/e2e}, Node's test runner with playwright-core
 * driving Debian's Chromium) against a real c2a with an API token and a viewer's token.
 * Screenshots are kept in {@code target/screenshots}.
 */
@Tag("slow")
@Tag("e2e")
class DashboardE2ETest {
    private static final String TOKEN = "dashboard-e2e-token-0123456789";
    private static final String VIEWER_TOKEN = "dashboard-e2e-viewer-0123456789";

    @Test
    void the_dashboard_works_in_a_real_browser(@TempDir Path dir) throws Exception {
        Path dashboard = Path.of("dashboard").toAbsolutePath();
        Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
        try (C2aServer server = C2a.builder().dataDir(dir.resolve("data")).port(0).workers(2)
                .engine("flite,espeak-ng").set("api-token", TOKEN).set("token.viewer.secret", VIEWER_TOKEN)
                .set("token.viewer.role", "viewer").start()) {
            ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-reporter=spec", "e2e/")
                    .directory(dashboard.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("e2e.log").toFile());
            pb.environment().put("C2A_URL", server.url());
            pb.environment().put("C2A_TOKEN", TOKEN);
            pb.environment().put("C2A_VIEWER_TOKEN", VIEWER_TOKEN);
            pb.environment().put("C2A_SCREENSHOTS", screenshots.toString());
            Process node = pb.start();
            boolean ended = node.waitFor(5, TimeUnit.MINUTES);
            if (!ended) {
                node.destroyForcibly();
            }
            String log = Files.readString(dir.resolve("e2e.log"), StandardCharsets.UTF_8);
            System.out.println(log);
            assertThat(ended).as("the browser tests ended").isTrue();
            assertThat(node.exitValue()).as(log).isZero();
            assertThat(log).contains("pass 10").contains("fail 0");
            assertThat(screenshots.resolve("job.png")).exists();
        }
    }
}
