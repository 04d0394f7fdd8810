package dev.c2a.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md's layering, checked on the sources: every reference to a class of another c2a package
 * (an import or a fully qualified name in code; comments do not count) must be allowed below.
 *
 * <ul>
 *   <li>The control plane ({@code http}, {@code cli}) talks only to the facade ({@code service})
 *       and value types ({@code api}, {@code job}, {@code json}, {@code codec}); {@code cli} also
 *       reads settings ({@code config}) and starts the composition root for {@code serve}.</li>
 *   <li>The facade never builds a backend: only the composition root ({@code dev.c2a}) names a
 *       queue implementation ({@code queue.sqlite}, {@code queue.memory}).</li>
 *   <li>The data plane (workers, pipeline, speech, audio, content, text, queue) never reaches up
 *       into the facade, the control plane or the composition root.</li>
 *   <li>Top-level packages form no cycle.</li>
 * </ul>
 */
class ImportRulesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/c2a");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.c2a\\.((?:[a-z][a-z0-9]*\\.)*)[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
    private static final Set<String> VALUES = Set.of("api", "job", "json", "codec");
    private static final Set<String> DATA_PLANE_ROOTS = Set.of("worker", "pipeline", "speech", "audio", "content",
            "text", "captions", "queue", "process", "batch", "wav", "store");
    private static final Set<String> ABOVE_DATA_PLANE = Set.of("", "service", "http", "cli", "validation", "events",
            "openai", "maintenance", "intake", "delivery", "webhook", "cluster");

    @Test
    void every_package_imports_only_what_the_design_allows() throws IOException {
        List<String> violations = new ArrayList<>();
        graph().forEach((from, targets) -> {
            for (String to : targets) {
                String why = forbidden(from, to);
                if (why != null) {
                    violations.add(name(from) + " -> " + name(to) + ": " + why);
                }
            }
        });
        assertThat(violations).as("imports that break DESIGN.md's layering").isEmpty();
    }

    /** Sub-packages are a package's own rooms (an engine under speech, a parser under content): cycles are judged between top-level packages. */
    @Test
    void packages_form_no_cycle() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph().forEach((from, targets) -> {
            String root = from.split("\\.")[0];
            Set<String> roots = graph.computeIfAbsent(root, k -> new TreeSet<>());
            targets.stream().map(t -> t.split("\\.")[0]).filter(t -> !t.equals(root)).forEach(roots::add);
        });
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            List<String> path = cycleFrom(start, start, graph, new ArrayList<>(List.of(start)), new TreeSet<>());
            if (path != null && start.equals(path.stream().min(String::compareTo).orElseThrow())) {
                cycles.add(String.join(" -> ", path.stream().map(ImportRulesTest::name).toList()));
            }
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    @Test
    void the_rules_see_a_forbidden_import() {
        assertThat(forbidden("http", "queue")).isNotNull();
        assertThat(forbidden("http", "service")).isNull();
        assertThat(forbidden("service", "queue.sqlite")).isNotNull();
        assertThat(forbidden("worker", "service")).isNotNull();
        assertThat(forbidden("", "queue.sqlite")).isNull();
    }

    /** Why {@code from} may not use {@code to}, or null when it may. Packages are relative to dev.c2a. */
    static String forbidden(String from, String to) {
        String fromRoot = from.split("\\.")[0];
        String toRoot = to.split("\\.")[0];
        if (fromRoot.equals(toRoot) && !to.startsWith("queue.") || VALUES.contains(toRoot)) {
            return null;
        }
        if (fromRoot.equals("http") || fromRoot.equals("cli")) {
            boolean allowed = toRoot.equals("service")
                    || fromRoot.equals("cli") && (toRoot.equals("config") || to.isEmpty())
                    || fromRoot.equals("http") && toRoot.equals("config");
            return allowed ? null : "the control plane talks only to the facade and value types";
        }
        if ((to.equals("queue.sqlite") || to.equals("queue.memory") || to.equals("queue.postgres"))
                && !from.isEmpty() && !from.startsWith("queue")) {
            return "only the composition root (dev.c2a) chooses a queue backend";
        }
        if (DATA_PLANE_ROOTS.contains(fromRoot) && ABOVE_DATA_PLANE.contains(toRoot)) {
            return "the data plane never reaches up into the facade, the control plane or the composition root";
        }
        return null;
    }

    /** Package → the c2a packages its sources refer to (imports and qualified names outside comments). */
    static Map<String, Set<String>> graph() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String from = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                String code = COMMENT.matcher(Files.readString(file)).replaceAll("");
                Set<String> targets = graph.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(code.substring(code.indexOf(';') + 1));
                while (m.find()) {
                    String to = m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
                    if (!to.equals(from)) {
                        targets.add(to);
                    }
                }
            }
        }
        return graph;
    }

    private static List<String> cycleFrom(String start, String at, Map<String, Set<String>> graph, List<String> path,
                                          Set<String> seen) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = cycleFrom(start, next, graph, path, seen);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }

    private static String name(String pkg) {
        return pkg.isEmpty() ? "dev.c2a" : pkg;
    }
}
