package io.mlflowlite.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.Cost;
import io.mlflowlite.chat.PriceProvenance;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.json.Json;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceTableLoadingTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(PriceTableLoadingTest.class.getResource("/cost/" + name).toURI());
    }

    @Test
    void everyCatalogModelHasABundledPriceUnderItsExactKey() throws Exception {
        JsonNode catalog;
        try (InputStream in = PriceTable.class.getResourceAsStream("/io/mlflowlite/catalog/models.json")) {
            catalog = Json.MAPPER.readTree(in);
        }
        PriceTable table = PriceTable.bundled();

        assertThat(catalog.get("models")).hasSizeGreaterThan(40);
        for (JsonNode model : catalog.get("models")) {
            String key =
                    model.get("provider").asText() + "/" + model.get("model").asText();
            assertThat(table.entries()).as("price for %s", key).containsKey(key);
            ModelPrice price = table.entries().get(key);
            boolean free = key.equals("mock/echo") || key.equals("gemini/text-embedding-004");
            if (!free) {
                assertThat(price.rates().input().signum())
                        .as("input price of %s", key)
                        .isPositive();
            }
            if (model.get("kind").asText().equals("embedding")) {
                assertThat(price.rates().output())
                        .as("embeddings bill input only: %s", key)
                        .isEqualByComparingTo(BigDecimal.ZERO);
            } else if (!free) {
                assertThat(price.rates().output().signum())
                        .as("output price of %s", key)
                        .isPositive();
            }
            assertThat(price.source()).as("source of %s", key).matches("https://.+|simulated");
        }
    }

    @Test
    void bundledTableRecordsItsVersionAndIsLoadedOnce() {
        assertThat(PriceTable.bundled().version()).isEqualTo("2026-11-27");
        assertThat(PriceTable.bundled()).isSameAs(PriceTable.bundled());
    }

    @Test
    void anthropicEntriesChargeCacheReadsAtATenthAndFiveMinuteWritesAtOneAndAQuarterTimesInput() {
        PriceTable.bundled().entries().values().stream()
                .filter(price -> price.key().startsWith("anthropic/"))
                // Anthropic lists Claude 3 Haiku's cache prices rounded ($0.03 read, $0.30 write), off the rule.
                .filter(price -> !price.key().equals("anthropic/claude-3-haiku-20240307"))
                .filter(price -> price.rates().cachedInput().isPresent())
                .forEach(price -> {
                    BigDecimal input = price.rates().input();
                    assertThat(price.rates().cachedInput().get())
                            .as(price.key())
                            .isEqualByComparingTo(input.multiply(new BigDecimal("0.1")));
                    assertThat(price.rates().cacheWrite())
                            .as(price.key())
                            .hasValueSatisfying(write ->
                                    assertThat(write).isEqualByComparingTo(input.multiply(new BigDecimal("1.25"))));
                });
    }

    @Test
    void overrideFileReplacesAnEntryAndRecordsItsVersion() throws Exception {
        PriceTable bundled = PriceTable.bundled();

        PriceTable table = bundled.withOverrides(resource("override-prices.json"));
        Cost cost = table.cost("openai/gpt-4o", Usage.of(1_000_000, 1_000_000));

        assertThat(cost.total()).isEqualByComparingTo("10.00");
        PriceProvenance provenance = cost.provenance().orElseThrow();
        assertThat(provenance.tableVersion()).isEqualTo("acme-negotiated-2026-12");
        assertThat(provenance.source()).isEqualTo("https://contracts.acme.example/openai-2026.pdf");
        assertThat(table.version()).isEqualTo("2026-11-27+acme-negotiated-2026-12");
        assertThat(table.find("azure/gpt-4o-eu")).isPresent();
        assertThat(table.cost("openai/gpt-4o-mini", Usage.of(1, 1))
                        .provenance()
                        .orElseThrow()
                        .tableVersion())
                .as("entries the override does not touch keep the bundled version")
                .isEqualTo("2026-11-27");
        assertThat(bundled.cost("openai/gpt-4o", Usage.of(1_000_000, 1_000_000)).total())
                .as("the bundled table is unchanged")
                .isEqualByComparingTo("12.50");
    }

    @Test
    void overrideReplacesAnEntryWrittenWithDifferentCase(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.json");
        java.nio.file.Files.writeString(file, """
                {"version": "v2", "models": {"OpenAI/GPT-4o": {"input": "1", "output": "1",
                 "effective": "2026-12-01", "source": "https://example.com"}}}
                """);

        PriceTable table = PriceTable.bundled().withOverrides(file);

        assertThat(table.entries()).containsKey("OpenAI/GPT-4o").doesNotContainKey("openai/gpt-4o");
        assertThat(table.find("openai/gpt-4o").orElseThrow().tableVersion()).isEqualTo("v2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed-price-as-number.json        | models."openai/gpt-4o".input must be a decimal string
            malformed-price-not-a-decimal.json    | models."openai/gpt-4o".output must be a decimal string
            malformed-negative-price.json         | models."openai/gpt-4o".cached_input must not be negative
            malformed-missing-effective.json      | models."openai/gpt-4o".effective is required
            malformed-bad-date.json               | models."openai/gpt-4o".effective must be a date YYYY-MM-DD
            malformed-unknown-field.json          | models."openai/gpt-4o".cache_input is not a known field
            malformed-key-without-provider.json   | models."gpt-4o" is not a "provider/model" key
            malformed-tier-missing-output.json    | models."gemini/gemini-2.5-pro".above_200k.output is required
            malformed-duplicate-key.json          | Duplicate field 'openai/gpt-4o'
            malformed-keys-differ-by-case.json    | models."OpenAI/GPT-4o" differs from "openai/gpt-4o" only by case
            malformed-wrong-currency.json         | currency must be "USD"
            malformed-missing-version.json        | version is required
            malformed-not-json.json               | not valid JSON at line
            """)
    void malformedFileFailsNamingTheFileAndTheFieldAtFault(String file, String problem) throws Exception {
        Path path = resource(file);

        assertThatThrownBy(() -> PriceTable.load(path))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(path.toString())
                .hasMessageContaining(problem);
        assertThatThrownBy(() -> PriceTable.bundled().withOverrides(path))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void missingFileFailsNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-prices.json");

        assertThatThrownBy(() -> PriceTable.load(missing))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void lookupToleratesDatedSnapshotsAndCase() {
        PriceTable table = PriceTable.bundled();

        assertThat(keyFound(table, "openai/gpt-4o-2024-08-06")).contains("openai/gpt-4o");
        assertThat(keyFound(table, "openai/gpt-4o-mini-2024-07-18")).contains("openai/gpt-4o-mini");
        assertThat(keyFound(table, "OpenAI/GPT-4o")).contains("openai/gpt-4o");
        assertThat(keyFound(table, " openai/gpt-4o ")).contains("openai/gpt-4o");
        assertThat(keyFound(table, "openai/gpt-3.5-turbo-0125")).contains("openai/gpt-3.5-turbo");
        assertThat(keyFound(table, "gemini/gemini-2.0-flash-001")).contains("gemini/gemini-2.0-flash");
        assertThat(keyFound(table, "gemini/gemini-1.5-pro-latest")).contains("gemini/gemini-1.5-pro");
        assertThat(keyFound(table, "anthropic/claude-sonnet-4-5")).contains("anthropic/claude-sonnet-4-5-20250929");
        assertThat(keyFound(table, "anthropic/claude-3-5-sonnet-20240620"))
                .as("another snapshot of the same model")
                .contains("anthropic/claude-3-5-sonnet-20241022");
    }

    @Test
    void aSnapshotWithItsOwnEntryIsNotPricedAsItsAlias() {
        PriceTable table = PriceTable.bundled();

        assertThat(keyFound(table, "openai/gpt-4o-2024-05-13")).contains("openai/gpt-4o-2024-05-13");
        assertThat(table.cost("openai/gpt-4o-2024-05-13", Usage.of(1_000_000, 0))
                        .total())
                .isEqualByComparingTo("5.00");
    }

    @Test
    void lookupDoesNotStripWhatIsNotASnapshotSuffix() {
        PriceTable table = PriceTable.bundled();

        assertThat(table.find("gemini/text-embedding-005"))
                .as("a different model, not a snapshot")
                .isEmpty();
        assertThat(table.find("mistral/mistral-large-2411"))
                .as("-latest is not inferred")
                .isEmpty();
        assertThat(table.find("")).isEmpty();
        assertThat(table.find(null)).isEmpty();
    }

    private static Optional<String> keyFound(PriceTable table, String key) {
        return table.find(key).map(ModelPrice::key);
    }
}
