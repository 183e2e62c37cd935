package io.mlflowlite.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher applies valid edits of the file, rejects invalid ones with their reasons, and reloads on demand. */
class ConfigWatcherTest {
    /** How long an outcome may take to arrive: generous, because file events are not instant on busy machines. */
    private static final Duration AWAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final BlockingQueue<ReloadOutcome> outcomes = new LinkedBlockingQueue<>();
    private final Gateway gateway = SimulatedGateways.instant().build();
    private ConfigWatcher watcher;

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
        gateway.close();
    }

    private Path file() {
        return dir.resolve("gateway.yaml");
    }

    private void write(String fixture) throws IOException {
        Files.writeString(file(), Fixtures.text("routing/" + fixture));
    }

    private ConfigWatcher start(Duration debounce) {
        watcher = ConfigWatcher.builder(file(), gateway::reconfigure)
                .loader(RoutingConfigLoader.withEnv(Map.of()))
                .listener(outcomes::add)
                .debounce(debounce)
                .start();
        return watcher;
    }

    /** The first outcome with {@code status} (an edit may be seen half-written first), within {@link #AWAIT}. */
    private ReloadOutcome next(ReloadOutcome.Status status) throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (true) {
            ReloadOutcome outcome = outcomes.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(outcome).as("a " + status + " outcome within " + AWAIT).isNotNull();
            if (outcome.status() == status) {
                return outcome;
            }
        }
    }

    private String served() {
        return gateway.completion(ChatRequest.of("chat", "which model?")).model();
    }

    @Test
    void startingAppliesTheFileAndAnEditInPlaceIsAppliedWhenTheWatcherSeesIt() throws Exception {
        write("mock-split-70-30.yaml");
        start(Duration.ofMillis(50));
        next(ReloadOutcome.Status.APPLIED);
        assertThat(gateway.routing().version()).isEqualTo("split-70-30");

        write("mock-all-strong.yaml");

        ReloadOutcome edited = next(ReloadOutcome.Status.APPLIED);
        assertThat(edited.config()).startsWith("all-strong #");
        assertThat(gateway.routing().version()).isEqualTo("all-strong");
        for (int i = 0; i < 20; i++) {
            assertThat(served()).isEqualTo("pro");
        }
    }

    @Test
    void aFileReplacedByRenameAsEditorsSaveIsApplied() throws Exception {
        write("mock-split-70-30.yaml");
        start(Duration.ofMillis(50));
        next(ReloadOutcome.Status.APPLIED);

        Path temporary = dir.resolve(".gateway.yaml.swp");
        Files.writeString(temporary, Fixtures.text("routing/mock-all-strong.yaml"));
        Files.move(temporary, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        next(ReloadOutcome.Status.APPLIED);
        assertThat(gateway.routing().version()).isEqualTo("all-strong");
    }

    @Test
    void anInvalidEditIsRejectedWithItsReasonsAndTheOldConfigurationKeepsServing() throws Exception {
        write("mock-all-strong.yaml");
        start(Duration.ofMillis(50));
        next(ReloadOutcome.Status.APPLIED);

        write("mock-invalid-edit.yaml");

        ReloadOutcome rejected = next(ReloadOutcome.Status.REJECTED);
        assertThat(rejected.config()).startsWith("all-strong #");
        assertThat(rejected.problems())
                .extracting(ConfigProblem::toString)
                .containsExactly("routes[0].destinations[1].name: unknown endpoint 'strnog' (did you mean strong?)");
        assertThat(rejected.message()).contains("still serving all-strong #");
        assertThat(gateway.routing().version()).isEqualTo("all-strong");
        assertThat(served()).isEqualTo("pro");

        write("mock-split-70-30.yaml");

        next(ReloadOutcome.Status.APPLIED);
        assertThat(gateway.routing().version()).isEqualTo("split-70-30");
    }

    @Test
    void aFileTheGatewayCannotServeIsRejectedWithTheGatewaysReason() throws Exception {
        write("mock-all-strong.yaml");
        start(Duration.ofMillis(50));
        next(ReloadOutcome.Status.APPLIED);

        Files.writeString(file(), Fixtures.text("routing/mock-all-strong.yaml").replace("name: pro", "name: ultra"));

        ReloadOutcome rejected = next(ReloadOutcome.Status.REJECTED);
        assertThat(rejected.problems())
                .singleElement()
                .asString()
                .startsWith("endpoints[1].model: cannot be reached: Unknown model 'mock/ultra'.");
        assertThat(served()).isEqualTo("pro");
    }

    @Test
    void reloadOnDemandReturnsWhatHappened() throws Exception {
        write("mock-split-70-30.yaml");
        // a debounce longer than the test: only explicit reloads apply anything
        start(Duration.ofHours(1));
        assertThat(watcher.lastOutcome())
                .hasValueSatisfying(o -> assertThat(o.applied()).isTrue());

        assertThat(watcher.reload().status()).isEqualTo(ReloadOutcome.Status.UNCHANGED);
        write("mock-all-strong.yaml");
        ReloadOutcome applied = watcher.reload();
        assertThat(applied.status()).isEqualTo(ReloadOutcome.Status.APPLIED);
        assertThat(applied.message()).startsWith("Applied routing configuration all-strong #");
        Files.delete(file());
        ReloadOutcome missing = watcher.reload();
        assertThat(missing.status()).isEqualTo(ReloadOutcome.Status.REJECTED);
        assertThat(missing.problems())
                .singleElement()
                .asString()
                .startsWith("cannot read the file: NoSuchFileException");
        assertThat(gateway.routing().version()).isEqualTo("all-strong");
    }
}
