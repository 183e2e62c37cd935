package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.limits.KeyService;
import io.mlflowlite.limits.KeyStore;
import io.mlflowlite.limits.LimitStores;
import io.mlflowlite.limits.VirtualKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mlflowlite keys} against a real SQLite file. */
class KeysCliTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] withStore =
                Stream.concat(Stream.of(args), Stream.of("--store", url())).toArray(String[]::new);
        return new Run(cli.execute(withStore), out.toString(), err.toString());
    }

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("keys.db");
    }

    @Test
    void createPrintsTheKeyOnceAndTheDatabaseFilesNeverHoldIt() throws Exception {
        Run create = run(
                "keys",
                "create",
                "--name",
                "team-a",
                "--endpoints",
                "chat,embed",
                "--rpm",
                "60",
                "--tpm",
                "100000",
                "--budget",
                "50",
                "--window",
                "month",
                "--on-exceed",
                "alert",
                "--webhook",
                "https://hooks.example.com/budget",
                "--meta",
                "owner=ana");

        assertThat(create.code()).as(create.err()).isZero();
        Matcher secret = Pattern.compile("(?m)^    (mlk-[A-Za-z0-9_-]{43})$").matcher(create.out());
        assertThat(secret.find()).as(create.out()).isTrue();
        assertThat(create.out())
                .contains("This is the only time the key is shown")
                .contains("endpoints  chat, embed")
                .contains("rpm        60")
                .contains("budget     $50/month alert → https://hooks.example.com/budget")
                .contains("owner = ana");

        try (KeyStore keys = LimitStores.openKeys(url())) {
            VirtualKey key = KeyService.of(keys).authenticate(secret.group(1)).orElseThrow();
            assertThat(key.name()).isEqualTo("team-a");
        }
        byte[] needle = secret.group(1).substring(10).getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertThat(all)
                    .isNotEmpty()
                    .allSatisfy(file -> assertThat(indexOf(Files.readAllBytes(file), needle))
                            .as(file.toString())
                            .isEqualTo(-1));
        }
    }

    @Test
    void listShowsActiveKeysAndRevokeTakesANameOrAnId() {
        assertThat(run("keys", "create", "--name", "team-a", "--rpm", "5").code())
                .isZero();
        assertThat(run("keys", "create", "--name", "team-b", "--budget", "10.5", "--window", "day")
                        .code())
                .isZero();

        Run list = run("keys", "list");
        assertThat(list.out())
                .containsPattern("key-[0-9a-f]{24} +team-a +mlk-\\S{6}… +active +5 +- +- +\\(all\\)")
                .containsPattern("team-b .* \\$10\\.5/day reject ");

        Run revoke = run("keys", "revoke", "team-a");
        assertThat(revoke.code()).isZero();
        assertThat(revoke.out()).startsWith("revoked key 'team-a' (key-");
        assertThat(run("keys", "list").out()).doesNotContain("team-a").contains("team-b");
        assertThat(run("keys", "list", "--all").out()).containsPattern("team-a .* revoked ");

        String idOfB = Pattern.compile("(key-[0-9a-f]{24}) +team-b")
                .matcher(list.out())
                .results()
                .findFirst()
                .orElseThrow()
                .group(1);
        assertThat(run("keys", "revoke", idOfB).out()).contains("revoked key 'team-b'");
        assertThat(run("keys", "list").out()).contains("(no active keys in sqlite:");
    }

    @Test
    void mistakesAreOneClearLine() {
        assertThat(run("keys", "create", "--name", "a", "--window", "day").err())
                .contains("error: --window, --on-exceed and --webhook describe a budget: add --budget USD");
        assertThat(run("keys", "create", "--name", "a", "--budget", "5", "--on-exceed", "alert")
                        .err())
                .contains("error: A budget that alerts needs a webhook URL to alert");
        assertThat(run("keys", "create", "--name", "a", "--budget", "5", "--window", "week")
                        .err())
                .contains("error: Unknown window 'week': use second, minute, hour, day or month");
        assertThat(run("keys", "create", "--name", "a").code()).isZero();
        Run duplicate = run("keys", "create", "--name", "a");
        assertThat(duplicate.code()).isEqualTo(2);
        assertThat(duplicate.err()).contains("error: An active key is already named 'a'");
        assertThat(run("keys", "revoke", "nobody").err()).contains("error: No key 'nobody'");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
