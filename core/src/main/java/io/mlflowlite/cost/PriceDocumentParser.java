package io.mlflowlite.cost;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.json.Json;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a price document and checks every field, so a bad file fails at load with the file, entry and field
 * named, not later as a wrong bill. Stateless and thread-safe.
 */
final class PriceDocumentParser {

    static final String CURRENCY = "USD";
    static final String UNIT = "per 1M tokens";

    private static final Set<String> RATE_FIELDS =
            Set.of("input", "cached_input", "cache_write", "output", "reasoning");
    private static final Set<String> ENTRY_FIELDS =
            Set.of("input", "cached_input", "cache_write", "output", "reasoning", "effective", "source", "note");
    private static final Pattern TIER_FIELD = Pattern.compile("above_(\\d{1,7})k");
    // Duplicate keys would otherwise silently keep the last price: a typo nobody would notice on a bill.
    private static final ObjectReader READER = Json.MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    /** A parsed document: its version and its entries in file order. */
    record Document(String version, Map<String, ModelPrice> models) {}

    private PriceDocumentParser() {}

    static Document parse(String text, String origin) {
        JsonNode root;
        try {
            root = READER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigurationException(
                    "Invalid price table " + origin + ": not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw invalid(origin, "the document", "must be a JSON object with \"version\" and \"models\"");
        }
        String version = requiredText(root, "version", origin, "version");
        checkConstant(root, "currency", CURRENCY, origin);
        checkConstant(root, "unit", UNIT, origin);
        JsonNode models = root.get("models");
        if (models == null || !models.isObject()) {
            throw invalid(origin, "models", "must be an object of \"provider/model\" keys to prices");
        }
        Map<String, ModelPrice> entries = new LinkedHashMap<>();
        Map<String, String> lowerCaseKeys = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : models.properties()) {
            String key = field.getKey();
            String path = "models.\"" + key + "\"";
            checkKey(key, path, origin);
            String clash = lowerCaseKeys.putIfAbsent(key.toLowerCase(Locale.ROOT), key);
            if (clash != null) {
                throw invalid(origin, path, "differs from \"" + clash + "\" only by case, so lookups are ambiguous");
            }
            entries.put(key, entry(key, field.getValue(), version, path, origin));
        }
        return new Document(version, entries);
    }

    private static ModelPrice entry(String key, JsonNode node, String version, String path, String origin) {
        if (!node.isObject()) {
            throw invalid(origin, path, "must be an object with at least \"input\", \"effective\" and \"source\"");
        }
        for (String name : fieldNames(node)) {
            // Unknown fields are typos ("cache_input"), which would otherwise bill at a fallback rate.
            if (!ENTRY_FIELDS.contains(name) && !TIER_FIELD.matcher(name).matches()) {
                throw invalid(
                        origin,
                        path + "." + name,
                        "is not a known field; use input, cached_input, "
                                + "cache_write, output, reasoning, above_<N>k, effective, source, note");
            }
        }
        ModelPrice.Rates rates = rates(node, path, origin);
        List<ModelPrice.Tier> tiers = new ArrayList<>();
        for (String name : fieldNames(node)) {
            Matcher tier = TIER_FIELD.matcher(name);
            if (tier.matches()) {
                tiers.add(tier(node, name, Integer.parseInt(tier.group(1)), path, origin));
            }
        }
        LocalDate effective = date(node, "effective", path, origin);
        String source = requiredText(node, "source", origin, path + ".source");
        JsonNode note = node.get("note");
        if (note != null && !note.isTextual()) {
            throw invalid(origin, path + ".note", "must be a string");
        }
        return new ModelPrice(
                key,
                version,
                rates,
                tiers,
                effective,
                source,
                Optional.ofNullable(note).map(JsonNode::asText));
    }

    private static ModelPrice.Tier tier(JsonNode entry, String name, int thousands, String path, String origin) {
        String tierPath = path + "." + name;
        JsonNode node = entry.get(name);
        if (!node.isObject()) {
            throw invalid(origin, tierPath, "must be an object of rates, like the entry's own");
        }
        for (String field : fieldNames(node)) {
            if (!RATE_FIELDS.contains(field)) {
                throw invalid(
                        origin,
                        tierPath + "." + field,
                        "is not a known field; use input, cached_input, cache_write, output, reasoning");
            }
        }
        // A tier that forgot a rate the entry bills would silently price those tokens at zero.
        for (String billed : List.of("output", "reasoning")) {
            if (entry.has(billed) && !node.has(billed)) {
                throw invalid(origin, tierPath + "." + billed, "is required because the entry bills " + billed);
            }
        }
        if (thousands == 0) {
            throw invalid(origin, tierPath, "needs a threshold above zero, such as above_200k");
        }
        return new ModelPrice.Tier(thousands * 1000, rates(node, tierPath, origin));
    }

    private static ModelPrice.Rates rates(JsonNode node, String path, String origin) {
        BigDecimal input =
                price(node, "input", path, origin).orElseThrow(() -> invalid(origin, path + ".input", "is required"));
        return new ModelPrice.Rates(
                input,
                price(node, "cached_input", path, origin),
                price(node, "cache_write", path, origin),
                price(node, "output", path, origin).orElse(BigDecimal.ZERO),
                price(node, "reasoning", path, origin));
    }

    private static Optional<BigDecimal> price(JsonNode node, String field, String path, String origin) {
        JsonNode value = node.get(field);
        if (value == null) {
            return Optional.empty();
        }
        String at = path + "." + field;
        if (!value.isTextual()) {
            throw invalid(
                    origin,
                    at,
                    "must be a decimal string such as \"2.50\" (got " + value + "); strings keep prices exact");
        }
        BigDecimal price;
        try {
            price = new BigDecimal(value.asText());
        } catch (NumberFormatException e) {
            throw invalid(origin, at, "must be a decimal string such as \"2.50\" (got \"" + value.asText() + "\")");
        }
        if (price.signum() < 0) {
            throw invalid(origin, at, "must not be negative (got \"" + value.asText() + "\")");
        }
        return Optional.of(price);
    }

    private static LocalDate date(JsonNode node, String field, String path, String origin) {
        String text = requiredText(node, field, origin, path + "." + field);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(origin, path + "." + field, "must be a date YYYY-MM-DD (got \"" + text + "\")");
        }
    }

    private static String requiredText(JsonNode node, String field, String origin, String at) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw invalid(origin, at, "is required and must be a non-empty string");
        }
        return value.asText();
    }

    private static void checkConstant(JsonNode root, String field, String expected, String origin) {
        JsonNode value = root.get(field);
        if (value != null && !expected.equals(value.asText())) {
            throw invalid(origin, field, "must be \"" + expected + "\" (got " + value + ")");
        }
    }

    private static void checkKey(String key, String path, String origin) {
        int slash = key.indexOf('/');
        if (slash <= 0 || slash == key.length() - 1 || key.chars().anyMatch(Character::isWhitespace)) {
            throw invalid(origin, path, "is not a \"provider/model\" key such as \"openai/gpt-4o\"");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static ConfigurationException invalid(String origin, String at, String problem) {
        return new ConfigurationException("Invalid price table " + origin + ": " + at + " " + problem);
    }
}
