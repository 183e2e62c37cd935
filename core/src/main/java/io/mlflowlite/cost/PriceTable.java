package io.mlflowlite.cost;

import io.mlflowlite.chat.Cost;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A versioned table of model prices, and the one place a {@link Usage} becomes a {@link Cost}.
 *
 * <p>The price document is JSON: {@code {"version": "2026-11-27", "currency": "USD", "unit": "per 1M tokens",
 * "models": {"openai/gpt-4o": {"input": "2.50", "cached_input": "1.25", "output": "10.00", "effective":
 * "2024-10-01", "source": "https://…"}}}}. Prices are decimal strings so no binary rounding ever creeps in.
 * Optional per entry: {@code cached_input} and {@code cache_write} (default to {@code input}), {@code output}
 * (absent for input-only embedding models), {@code reasoning} (only where reasoning tokens are billed apart from
 * output), {@code above_<N>k} (rates for prompts over N thousand tokens) and {@code note}. The bundled table
 * covers every model of the catalog; a user file in the same format adds or replaces entries.
 *
 * <p><b>Lookup</b> ({@link #find}): keys are {@code provider/upstream-model-id}. In order, the first match wins:
 * <ol>
 *   <li>the key itself, ignoring case ({@code OpenAI/GPT-4o} finds {@code openai/gpt-4o});</li>
 *   <li>the key without one snapshot suffix: {@code -2024-08-06}, {@code -20240620}, {@code -0125}, {@code -001}
 *       or {@code -latest} ({@code openai/gpt-4o-2024-11-20} finds {@code openai/gpt-4o});</li>
 *   <li>an entry whose own key carries a date suffix ({@code -YYYY-MM-DD} or {@code -YYYYMMDD}) that, without
 *       it, equals the key from step 2 ({@code anthropic/claude-sonnet-4-5} finds
 *       {@code anthropic/claude-sonnet-4-5-20250929}); when several dated entries qualify, the latest date wins.</li>
 * </ol>
 * A snapshot priced differently from its alias therefore needs its own entry, which step 1 finds first (the
 * bundled table lists {@code openai/gpt-4o-2024-05-13} for that reason). A key without a provider prefix
 * finds nothing.
 *
 * <p>Immutable and thread-safe. Loading reads a file (blocking); {@link #find} and {@link #cost} do no I/O.
 */
public final class PriceTable {

    /** Where the bundled table lives on the classpath. */
    public static final String BUNDLED_RESOURCE = "/io/mlflowlite/cost/prices.json";

    private static final Pattern SNAPSHOT_SUFFIX =
            Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8}|\\d{4}|\\d{3}|latest)$");
    private static final Pattern DATE_SUFFIX = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8})$");

    private final String version;
    private final Map<String, ModelPrice> entries;
    private final Map<String, ModelPrice> byLowerCaseKey;
    private final Map<String, ModelPrice> byUndatedKey;

    private PriceTable(String version, Map<String, ModelPrice> entries) {
        this.version = version;
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        Map<String, ModelPrice> lower = new HashMap<>();
        Map<String, ModelPrice> undated = new HashMap<>();
        for (ModelPrice price : entries.values()) {
            String key = price.key().toLowerCase(Locale.ROOT);
            lower.put(key, price);
            Matcher date = DATE_SUFFIX.matcher(key);
            if (date.find()) {
                // Same-format dates sort as strings, so the greater key is the newer snapshot.
                undated.merge(
                        key.substring(0, date.start()),
                        price,
                        (a, b) -> a.key().compareToIgnoreCase(b.key()) >= 0 ? a : b);
            }
        }
        this.byLowerCaseKey = Map.copyOf(lower);
        this.byUndatedKey = Map.copyOf(undated);
    }

    /**
     * The table shipped with mlflowlite, loaded from the classpath once per JVM on first use.
     *
     * @throws ConfigurationException if the bundled resource is missing or invalid (a packaging error)
     */
    public static PriceTable bundled() {
        if (Bundled.FAILURE != null) {
            throw new ConfigurationException(Bundled.FAILURE.getMessage(), Bundled.FAILURE);
        }
        return Bundled.TABLE;
    }

    /**
     * Reads a price document from {@code file}. Blocks on file I/O.
     *
     * @throws ConfigurationException naming the file, and the entry and field at fault, when the file cannot be
     *                                read or does not follow the format
     */
    public static PriceTable load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read price table " + file + ": " + e, e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses a price document held in memory (a {@link io.mlflowlite.provider.ProviderPlugin}'s prices, read from
     * its jar); {@code origin} names it in error messages. No I/O.
     *
     * @throws ConfigurationException as {@link #load(Path)} does
     */
    public static PriceTable parse(String text, String origin) {
        PriceDocumentParser.Document document = PriceDocumentParser.parse(text, origin);
        return new PriceTable(document.version(), document.models());
    }

    /**
     * This table with the entries of the price document {@code file} added, replacing entries with the same key
     * (ignoring case). Replaced entries report the override's version in their provenance, and the result's
     * {@link #version()} is {@code "<this version>+<override version>"}. This table is unchanged.
     *
     * @throws ConfigurationException as {@link #load(Path)} does
     */
    public PriceTable withOverrides(Path file) {
        return withOverrides(load(file));
    }

    /** This table with {@code overrides}' entries added or replacing ours, as {@link #withOverrides(Path)}. */
    public PriceTable withOverrides(PriceTable overrides) {
        Map<String, ModelPrice> merged = new LinkedHashMap<>(entries);
        for (ModelPrice price : overrides.entries.values()) {
            merged.keySet().removeIf(key -> key.equalsIgnoreCase(price.key()));
            merged.put(price.key(), price);
        }
        return new PriceTable(version + "+" + overrides.version, merged);
    }

    /** The document version, such as {@code 2026-11-27}; {@code base+override} after {@link #withOverrides}. */
    public String version() {
        return version;
    }

    /** Every entry by its exact key, in document order (overrides last). Unmodifiable. */
    public Map<String, ModelPrice> entries() {
        return entries;
    }

    /** The entry for {@code key} by the lookup rule in the class description; empty for null or unknown keys. */
    public Optional<ModelPrice> find(String key) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        String wanted = key.trim().toLowerCase(Locale.ROOT);
        ModelPrice exact = byLowerCaseKey.get(wanted);
        if (exact != null) {
            return Optional.of(exact);
        }
        Matcher snapshot = SNAPSHOT_SUFFIX.matcher(wanted);
        String base = snapshot.find() ? wanted.substring(0, snapshot.start()) : wanted;
        ModelPrice alias = byLowerCaseKey.get(base);
        return Optional.ofNullable(alias != null ? alias : byUndatedKey.get(base));
    }

    /**
     * What {@code usage} on model {@code key} costs, exactly (see {@link ModelPrice#cost}), plus its server-tool
     * requests ({@link ServerToolPrices}), with the price's provenance. Never throws: an unknown or null key costs {@link Cost#UNPRICED}.
     */
    public Cost cost(String key, Usage usage) {
        return find(key)
                .map(price -> price.cost(usage)
                        .withServerTools(ServerToolPrices.cost(key.substring(0, Math.max(0, key.indexOf('/'))), usage)))
                .orElse(Cost.UNPRICED);
    }

    @Override
    public String toString() {
        return "PriceTable[version=" + version + ", entries=" + entries.size() + "]";
    }

    /** Lazy holder: the JVM loads the table once, on first use, without locks on later calls. */
    private static final class Bundled {
        static final PriceTable TABLE;
        // Kept rather than thrown from the initializer, which would surface as ExceptionInInitializerError.
        static final ConfigurationException FAILURE;

        static {
            PriceTable table = null;
            ConfigurationException failure = null;
            try {
                table = loadBundled();
            } catch (ConfigurationException e) {
                failure = e;
            }
            TABLE = table;
            FAILURE = failure;
        }

        private static PriceTable loadBundled() {
            String origin = "classpath:" + BUNDLED_RESOURCE;
            try (InputStream in = PriceTable.class.getResourceAsStream(BUNDLED_RESOURCE)) {
                if (in == null) {
                    throw new ConfigurationException(
                            "The bundled price table " + origin + " is missing from the classpath");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), origin);
            } catch (IOException e) {
                throw new ConfigurationException("Cannot read the bundled price table " + origin + ": " + e, e);
            }
        }
    }
}
