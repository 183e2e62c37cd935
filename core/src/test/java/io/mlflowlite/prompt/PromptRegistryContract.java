package io.mlflowlite.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The prompt registry over a real store: in memory here, SQLite and PostgreSQL in the store module. The
 * implementing class opens an empty store before each test and closes it after.
 */
public interface PromptRegistryContract {
    Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    /** An empty store, open for the current test. */
    PromptStore store();

    /** A second handle on the same backing data (another replica), or {@link #store()} where there is one. */
    default PromptStore sameDataElsewhere() {
        return store();
    }

    private PromptRegistry registry() {
        return new PromptRegistry(store(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    default void everyFieldOfAVersionComesBackAsRegistered() {
        JsonNode schema = Json.parse("{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}", "test");
        PromptDraft draft = PromptDraft.builder(
                        "qa",
                        PromptTemplate.chat(
                                PromptMessage.system("You are {{persona}}."), PromptMessage.user("{{question}}")))
                .commitMessage("first cut")
                .tag("author", "ana")
                .tag("task", "qa")
                .modelConfig("model", "mock/echo")
                .modelConfig("temperature", 0.2)
                .modelConfig("max_tokens", 256)
                .responseFormat(ResponseFormat.jsonSchema("answer", schema, true))
                .build();

        PromptVersion v1 = registry().register(draft);

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.created()).isEqualTo(NOW);
        PromptVersion loaded = new PromptRegistry(sameDataElsewhere()).load("prompts:/qa/1");
        assertThat(loaded).isEqualTo(v1);
        assertThat(loaded.template().messages())
                .containsExactly(PromptMessage.system("You are {{persona}}."), PromptMessage.user("{{question}}"));
        assertThat(loaded.variables()).containsExactly("persona", "question");
        assertThat(loaded.tags()).containsExactly(Map.entry("author", "ana"), Map.entry("task", "qa"));
        assertThat(loaded.modelConfig())
                .containsEntry("temperature", 0.2)
                .containsEntry("max_tokens", 256)
                .containsEntry("model", "mock/echo");
        assertThat(loaded.responseFormat()).hasValueSatisfying(f -> {
            assertThat(f.type()).isEqualTo("json_schema");
            assertThat(f.schema()).isEqualTo(schema);
        });
    }

    @Test
    default void versionsAutoIncrementAndLatestFollowsTheNewest() {
        PromptRegistry registry = registry();
        registry.register("greet", PromptTemplate.text("Hi {{name}}"), "v1");
        PromptVersion v2 = registry.register("greet", PromptTemplate.text("Hello {{name}}!"), "v2");

        assertThat(v2.version()).isEqualTo(2);
        assertThat(registry.load("prompts:/greet@latest")).isEqualTo(v2);
        assertThat(registry.versions("greet"))
                .extracting(PromptVersion::version)
                .containsExactly(1, 2);
        assertThat(registry.load("prompts:/greet/1").template().text()).contains("Hi {{name}}");
        assertThat(registry.load("prompts:/greet/1").commitMessage()).isEqualTo("v1");
    }

    @Test
    default void aliasesAreSetMovedAndDeleted() {
        PromptRegistry registry = registry();
        registry.register("greet", PromptTemplate.text("one"), "");
        registry.register("greet", PromptTemplate.text("two"), "");

        assertThat(registry.setAlias("greet", "production", 1)).isEmpty();
        assertThat(registry.load("prompts:/greet@production").template().text()).contains("one");
        assertThat(registry.moveAlias("greet", "production", 2)).isEqualTo(1);
        assertThat(new PromptRegistry(sameDataElsewhere())
                        .load("prompts:/greet@production")
                        .version())
                .isEqualTo(2);
        registry.setAlias("greet", "staging", 1);
        assertThat(registry.aliases("greet")).containsExactly(Map.entry("production", 2), Map.entry("staging", 1));

        registry.deleteAlias("greet", "staging");
        assertThat(registry.aliases("greet")).containsOnlyKeys("production");
    }

    @Test
    default void anUnknownNameListsTheKnownNames() {
        PromptRegistry registry = registry();
        assertThatThrownBy(() -> registry.load("prompts:/nope/1"))
                .isInstanceOf(PromptNotFoundException.class)
                .hasMessageEndingWith("; the registry holds no prompts yet");
        registry.register("summarise", PromptTemplate.text("a"), "");
        registry.register("greet", PromptTemplate.text("b"), "");

        assertThatThrownBy(() -> registry.load("prompts:/nope@latest"))
                .isInstanceOf(PromptNotFoundException.class)
                .hasMessageStartingWith("No prompt named 'nope' in ")
                .hasMessageEndingWith("; known prompts: greet, summarise")
                .satisfies(e ->
                        assertThat(((PromptNotFoundException) e).existing()).containsExactly("greet", "summarise"));
        assertThatThrownBy(() -> registry.load("prompts:/nope@production"))
                .hasMessageEndingWith("known prompts: greet, summarise");
        assertThatThrownBy(() -> registry.versions("nope")).hasMessageEndingWith("known prompts: greet, summarise");
    }

    @Test
    default void anUnknownVersionListsTheExistingVersions() {
        PromptRegistry registry = registry();
        registry.register("greet", PromptTemplate.text("a"), "");
        registry.register("greet", PromptTemplate.text("b"), "");

        assertThatThrownBy(() -> registry.load("prompts:/greet/7"))
                .isInstanceOf(PromptNotFoundException.class)
                .hasMessage("Prompt 'greet' has no version 7; existing versions: 1, 2");
    }

    @Test
    default void anUnknownAliasListsTheExistingAliases() {
        PromptRegistry registry = registry();
        registry.register("greet", PromptTemplate.text("a"), "");
        registry.register("greet", PromptTemplate.text("b"), "");
        registry.setAlias("greet", "production", 1);

        assertThatThrownBy(() -> registry.load("prompts:/greet@prod"))
                .isInstanceOf(PromptNotFoundException.class)
                .hasMessage("Prompt 'greet' has no alias 'prod'; existing aliases: latest -> 2 (implicit), "
                        + "production -> 1");
        assertThatThrownBy(() -> registry.deleteAlias("greet", "prod"))
                .hasMessageContaining("existing aliases: latest");
        assertThatThrownBy(() -> registry.moveAlias("greet", "staging", 2))
                .hasMessageContaining("has no alias 'staging'");
    }

    @Test
    default void anAliasOnAMissingVersionOrNamedLatestIsRejected() {
        PromptRegistry registry = registry();
        registry.register("greet", PromptTemplate.text("a"), "");

        assertThatThrownBy(() -> registry.setAlias("greet", "production", 5))
                .isInstanceOf(PromptNotFoundException.class)
                .hasMessage("Prompt 'greet' has no version 5; existing versions: 1");
        assertThatThrownBy(() -> registry.setAlias("greet", "latest", 1))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("'latest' is reserved");
        assertThatThrownBy(() -> registry.deleteAlias("greet", "latest"))
                .hasMessageStartingWith("'latest' is reserved");
        assertThatThrownBy(() -> registry.setAlias("greet", "12", 1)).hasMessageStartingWith("Invalid alias '12'");
        assertThat(registry.aliases("greet")).isEmpty();
    }

    @Test
    default void aNameKeepsOneTemplateType() {
        PromptRegistry registry = registry();
        registry.register("greet", PromptTemplate.text("a"), "");

        assertThatThrownBy(() -> registry.register("greet", PromptTemplate.chat(PromptMessage.user("b")), ""))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Prompt 'greet' holds text templates; a chat template needs another name");
        assertThat(registry.versions("greet")).hasSize(1);
        assertThatThrownBy(() -> registry.register("bad name", PromptTemplate.text("a"), ""))
                .hasMessageStartingWith("Invalid prompt name 'bad name'");
    }

    @Test
    default void searchFindsNamesCaseInsensitively() {
        PromptRegistry registry = registry();
        registry.register("support-triage", PromptTemplate.text("a"), "");
        registry.register("Support-reply", PromptTemplate.text("a"), "");
        registry.register("summarise", PromptTemplate.text("a"), "");

        assertThat(registry.search("SUPPORT")).containsExactly("Support-reply", "support-triage");
        assertThat(registry.search("")).hasSize(3);
        assertThat(registry.search("zzz")).isEmpty();
    }

    @Test
    default void diffShowsTemplateLinesAndMetadataChanges() {
        PromptRegistry registry = registry();
        registry.register(PromptDraft.builder(
                        "qa", PromptTemplate.chat(PromptMessage.system("Be brief."), PromptMessage.user("{{q}}")))
                .commitMessage("first")
                .modelConfig("temperature", 0.7)
                .build());
        registry.register(PromptDraft.builder(
                        "qa",
                        PromptTemplate.chat(
                                PromptMessage.system("Be brief.\nCite sources."), PromptMessage.user("{{q}}")))
                .commitMessage("cite")
                .modelConfig("temperature", 0.2)
                .tag("team", "a")
                .build());

        PromptDiff diff = registry.diff("qa", 1, 2);

        assertThat(diff.lines()).containsExactly("  [system]", "  Be brief.", "+ Cite sources.", "  [user]", "  {{q}}");
        assertThat(diff.metadata())
                .containsExactly(
                        new PromptDiff.Change("commit_message", "first", "cite"),
                        new PromptDiff.Change("tags", null, "{team=a}"),
                        new PromptDiff.Change("model_config", "{temperature=0.7}", "{temperature=0.2}"));
        assertThat(diff.render())
                .startsWith("--- prompts:/qa/1\n+++ prompts:/qa/2\n")
                .contains("~ commit_message: first -> cite");
        assertThat(registry.diff("qa", 2, 2).isEmpty()).isTrue();
        assertThatThrownBy(() -> registry.diff("qa", 1, 3)).hasMessageContaining("existing versions: 1, 2");
    }

    @Test
    default void concurrentRegistrationsGetEveryNumberOnceWithoutGaps() throws Exception {
        PromptRegistry[] registries = {new PromptRegistry(store()), new PromptRegistry(sameDataElsewhere())};
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                PromptRegistry registry = registries[t % 2];
                int thread = t;
                futures.add(pool.submit((Callable<List<Integer>>) () -> {
                    List<Integer> mine = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        mine.add(registry.register("busy", PromptTemplate.text("t" + thread + " i" + i), "")
                                .version());
                    }
                    return mine;
                }));
            }
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> f : futures) {
                all.addAll(f.get());
            }
            assertThat(all).hasSize(80).doesNotHaveDuplicates().allMatch(v -> v >= 1 && v <= 80);
        } finally {
            pool.shutdownNow();
        }
        PromptRegistry registry = new PromptRegistry(store());
        List<PromptVersion> versions = registry.versions("busy");
        assertThat(versions)
                .extracting(PromptVersion::version)
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.rangeClosed(1, 80).boxed().toList());
        assertThat(versions).extracting(v -> v.template().text().orElseThrow()).doesNotHaveDuplicates();
        assertThat(registry.load("prompts:/busy@latest").version()).isEqualTo(80);
    }

    @Test
    default void aStoredTextTemplateStillRejectsMissingVariables() {
        PromptVersion v = registry().register("greet", PromptTemplate.text("Hi {{name}}"), "");
        PromptVersion loaded = new PromptRegistry(sameDataElsewhere()).load(v.uri());

        assertThat(loaded.format(Map.of("name", "Ana")).text()).isEqualTo("Hi Ana");
        assertThatThrownBy(() -> loaded.format(Map.of())).hasMessageStartingWith("Missing prompt variable name");
        assertThat(loaded.responseFormat()).isEqualTo(Optional.empty());
    }
}
