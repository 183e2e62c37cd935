package io.mlflowlite.suggest;

import io.mlflowlite.catalog.CatalogEntry;
import io.mlflowlite.chat.ChatRequest;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Triggers when the request is known, a message mentions JSON (the word {@code json}, any case) and
 * {@code response_format} is unset or {@code text}. A WARNING when the answer does not parse as JSON as-is,
 * INFO when it happens to.
 */
final class JsonNotEnforced implements Heuristic {
    private static final Pattern JSON = Pattern.compile("(?i)\\bjson\\b");

    @Override
    public Optional<Suggestion> check(SuggestionContext context) {
        ChatRequest request = context.request().orElse(null);
        if (request == null
                || request.responseFormat() != null && request.responseFormat().isJson()) {
            return Optional.empty();
        }
        String prompt = context.promptText();
        Matcher mention = JSON.matcher(prompt);
        if (!mention.find()) {
            return Optional.empty();
        }
        boolean parses = parses(context.response().content());
        String evidence =
                "the prompt asks for JSON (\"" + excerpt(prompt, mention.start()) + "\") but response_format is "
                        + (request.responseFormat() == null ? "not set" : "text") + "; the answer "
                        + (parses ? "happens to parse as JSON" : "does not parse as JSON as-is");
        Optional<CatalogEntry> entry = context.entry();
        String change;
        if (entry.isEmpty() || entry.get().supports("json_schema")) {
            change = "set response_format to json_schema with the expected schema and strict=true "
                    + "(ResponseFormat.jsonSchema(name, schema, true)), so the provider enforces the shape";
        } else if (entry.get().supports("json_object")) {
            change = "set response_format={\"type\":\"json_object\"} (ResponseFormat.JSON_OBJECT); "
                    + entry.get().name() + " does not support json_schema";
        } else {
            change = entry.get().name() + " enforces no JSON format: validate the answer and retry on failure, or "
                    + "use a model with json_schema support";
        }
        return Optional.of(Suggestion.of(
                Suggestion.JSON_NOT_ENFORCED,
                parses ? Severity.INFO : Severity.WARNING,
                "JSON is asked for but not enforced",
                evidence,
                change));
    }

    static boolean parses(String text) {
        if (text.isBlank()) {
            return false;
        }
        try {
            SuggestionParser.STRICT.readTree(text);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String excerpt(String text, int at) {
        int from = Math.max(0, at - 30);
        int to = Math.min(text.length(), at + 30);
        return (from > 0 ? "…" : "")
                + text.substring(from, to).replaceAll("\\s+", " ").strip()
                + (to < text.length() ? "…" : "");
    }
}
