package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlflowlite demo} offline, as a user runs it (its own process, in an empty folder): it finds the
 * candidate's regression, improves the prompt, rolls the candidate out through the gateway and promotes it, writes
 * a report holding the comparison and the rollout, and names the web UI's page of the migration.
 */
class DemoCommandTest {
    @TempDir
    Path work;

    @Test
    void theDemoRunsTheWholeMigrationAndWritesItsReport() throws Exception {
        Process demo = ChildMain.start(
                work,
                Map.of("MLFLOWLITE_STORE", "jdbc:sqlite:" + work.resolve("mlflowlite.db")),
                ChildMain.QUICK_JVM,
                "demo",
                "--latency-scale",
                "0.02");
        String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(demo.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(demo.exitValue()).as(out).isZero();
        assertThat(out)
                .contains("[1/6] baseline", "[2/6] evaluate", "[3/6] optimize", "[4/6] compare", "[5/6] rollout")
                .contains("label_match")
                .containsPattern("optimize: the candidate is behind on [a-z_, ]*label_match")
                .contains("advance", "promoted")
                .contains("now answers with model 'next'");
        Matcher report =
                Pattern.compile("report\\s+migration-(mig-[0-9a-f]{12})\\.html").matcher(out);
        assertThat(report.find()).as(out).isTrue();
        String id = report.group(1);
        assertThat(out)
                .contains("./mlflowlite ui --store jdbc:sqlite:" + work.resolve("mlflowlite.db")
                        + "   then http://127.0.0.1:4100/ui/migrations/" + id);
        String html = Files.readString(work.resolve("migration-" + id + ".html"));
        assertThat(html).contains("id=\"comparison\"", "id=\"rollout\"", "<svg", "label_match", "paired 95 %");
        for (String config : List.of("demo-gateway.yaml")) {
            assertThat(Files.readString(work.resolve(config)))
                    .contains("name: next")
                    .doesNotContain("routes");
        }
    }
}
