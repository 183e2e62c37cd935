package io.mlflowlite.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The models mlflowlite knows by name: the bundled catalog ({@code io/mlflowlite/catalog/models.json}),
 * optionally extended by a user file in the same format whose entries replace bundled ones of the same name.
 * Immutable and thread-safe.
 */
public final class ModelCatalog {
    private static final String BUNDLED = "/io/mlflowlite/catalog/models.json";
    private static volatile ModelCatalog bundled;

    private final String version;
    private final Map<String, CatalogEntry> byName;
    private final Map<String, CatalogEntry> byAlias;
    private final List<CatalogEntry> entriesInOrder;

    private ModelCatalog(String version, List<CatalogEntry> entries) {
        this.version = version;
        Map<String, CatalogEntry> names = new LinkedHashMap<>();
        Map<String, CatalogEntry> aliases = new LinkedHashMap<>();
        for (CatalogEntry entry : entries) {
            names.put(entry.name().toLowerCase(Locale.ROOT), entry);
        }
        for (CatalogEntry entry : names.values()) {
            for (String alias : entry.aliases()) {
                aliases.putIfAbsent(alias.toLowerCase(Locale.ROOT), entry);
            }
            aliases.putIfAbsent(entry.key().toLowerCase(Locale.ROOT), entry);
        }
        this.byName = Map.copyOf(names);
        this.byAlias = Map.copyOf(aliases);
        this.entriesInOrder = List.copyOf(names.values());
    }

    /** The catalog shipped in the jar. Loaded once. */
    public static ModelCatalog bundled() {
        ModelCatalog catalog = bundled;
        if (catalog == null) {
            try (InputStream in = ModelCatalog.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new ConfigurationException(
                            "The bundled model catalog " + BUNDLED + " is missing from the jar");
                }
                catalog = parse(Json.MAPPER.readTree(in), BUNDLED);
            } catch (IOException e) {
                throw new ConfigurationException("Cannot read the bundled model catalog: " + e.getMessage(), e);
            }
            bundled = catalog;
        }
        return catalog;
    }

    /** This catalog extended by {@code file}; its entries replace same-named ones. */
    public ModelCatalog withFile(Path file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read model catalog file " + file + ": " + e.getMessage(), e);
        }
        ModelCatalog extra = parse(root, file.toString());
        List<CatalogEntry> all = new ArrayList<>(entriesInOrder);
        all.addAll(extra.entriesInOrder);
        return new ModelCatalog(version + "+" + extra.version, all);
    }

    /** This catalog plus {@code entry} (replacing a same-named one). */
    public ModelCatalog with(CatalogEntry entry) {
        List<CatalogEntry> all = new ArrayList<>(entriesInOrder);
        all.add(entry);
        return new ModelCatalog(version, all);
    }

    static ModelCatalog parse(JsonNode root, String source) {
        JsonNode models = root.path("models");
        if (!models.isArray()) {
            throw new ConfigurationException(source + ": expected a top-level \"models\" array");
        }
        List<CatalogEntry> entries = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            JsonNode m = models.get(i);
            String where = source + ": models[" + i + "]";
            String name = required(m, "name", where);
            Set<String> capabilities = new LinkedHashSet<>();
            m.path("capabilities").forEach(c -> capabilities.add(c.asText()));
            List<String> aliases = new ArrayList<>();
            m.path("aliases").forEach(a -> aliases.add(a.asText()));
            entries.add(new CatalogEntry(
                    name,
                    required(m, "provider", where),
                    required(m, "model", where),
                    m.path("kind").asText("chat"),
                    m.path("context_window").asInt(0),
                    m.path("max_output_tokens").asInt(0),
                    capabilities,
                    aliases,
                    Json.text(m, "note")));
        }
        return new ModelCatalog(root.path("version").asText("unversioned"), entries);
    }

    private static String required(JsonNode node, String field, String where) {
        String value = Json.text(node, field);
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(where + "." + field + " is required");
        }
        return value;
    }

    /** The catalog's version (its date), with user files appended. */
    public String version() {
        return version;
    }

    /** The entry called {@code name}, or having it as an alias or as its {@code provider/model} key. */
    public Optional<CatalogEntry> find(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        CatalogEntry entry = byName.get(key);
        return Optional.ofNullable(entry != null ? entry : byAlias.get(key));
    }

    /** Every entry, in catalog order. */
    public List<CatalogEntry> entries() {
        return entriesInOrder;
    }

    /** Up to {@code max} known names closest to {@code name} (edit distance), best first. */
    public List<String> closeMatches(String name, int max) {
        return closest(name, entriesInOrder.stream().map(CatalogEntry::name).toList(), max);
    }

    /** Up to {@code max} of {@code candidates} closest to {@code target} (edit distance), best first. */
    public static List<String> closest(String target, List<String> candidates, int max) {
        return Names.closest(target, candidates, max);
    }

    /** Helper for ranking names by edit distance. */
    static final class Names {
        private Names() {}

        static List<String> closest(String target, List<String> candidates, int max) {
            String t = target.toLowerCase(Locale.ROOT);
            int limit = Math.max(3, t.length() / 2);
            return candidates.stream()
                    .map(c -> Map.entry(c, score(t, c.toLowerCase(Locale.ROOT))))
                    .filter(e -> e.getValue() <= limit)
                    .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .limit(max)
                    .map(Map.Entry::getKey)
                    .toList();
        }

        /** Edit distance, with a bonus when one name contains the other ({@code claude-sonnet} in {@code claude-sonnet-4-5}). */
        private static int score(String a, String b) {
            int distance = levenshtein(a, b);
            if (b.contains(a) || a.contains(b)) {
                distance = Math.min(distance, 1 + Math.abs(a.length() - b.length()) / 4);
            }
            return distance;
        }

        private static int levenshtein(String a, String b) {
            int[] previous = new int[b.length() + 1];
            int[] current = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                current[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.length()];
        }
    }
}
