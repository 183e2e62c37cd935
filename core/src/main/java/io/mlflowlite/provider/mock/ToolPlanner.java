package io.mlflowlite.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.error.InvalidRequestException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which tool a simulated model calls and with what arguments: the tool whose name and description
 * share the most words with the question (the first tool when none does), arguments generated from its JSON
 * Schema and filled from the question. Stateless.
 */
final class ToolPlanner {
    /** Words in a property name that ask for a proper name rather than free text. */
    private static final Set<String> NAME_WORDS = Set.of(
            "location",
            "city",
            "place",
            "country",
            "region",
            "address",
            "destination",
            "origin",
            "from",
            "to",
            "where",
            "name",
            "person",
            "company",
            "title",
            "entity",
            "user",
            "author",
            "artist",
            "ticker",
            "symbol",
            "state",
            "town");

    private ToolPlanner() {}

    /** The tool to call for {@code question}, or null when the request forbids tool calls. */
    static ToolDefinition choose(ChatRequest request, String question) {
        List<ToolDefinition> tools = request.tools();
        if (tools.isEmpty()
                || request.toolChoice() != null
                        && "none".equals(request.toolChoice().mode())) {
            return null;
        }
        if (request.toolChoice() != null
                && "function".equals(request.toolChoice().mode())) {
            String wanted = request.toolChoice().function();
            return tools.stream()
                    .filter(t -> t.name().equals(wanted))
                    .findFirst()
                    .orElseThrow(() -> new InvalidRequestException(
                            "tool_choice names the function '" + wanted + "', which is not among the request's tools",
                            "tool_choice"));
        }
        Set<String> asked = new HashSet<>(Text.words(question).content());
        ToolDefinition best = tools.get(0);
        int bestShared = 0;
        for (ToolDefinition tool : tools) {
            String described = splitName(tool.name()) + " " + (tool.description() == null ? "" : tool.description());
            int shared = 0;
            for (String word : Text.words(described).content()) {
                if (asked.contains(word)) {
                    shared++;
                }
            }
            if (shared > bestShared) {
                best = tool;
                bestShared = shared;
            }
        }
        return best;
    }

    /** {@code getWeather} and {@code get_weather} as {@code get Weather} / {@code get weather}. */
    private static String splitName(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').replace('-', ' ');
    }

    /** Arguments for {@code tool} as compact JSON text, valid against its parameters schema. */
    static String arguments(ToolDefinition tool, String question) {
        return SchemaValues.instance(tool.parameters(), new QuestionFill(question))
                .toString();
    }

    /**
     * Fills tool arguments from the question: names ("Paris") for location-like string properties in the
     * order they appear, the question's topic for other strings, its numbers in order for numeric ones.
     */
    private static final class QuestionFill extends SchemaValues.Fill {
        private final String question;
        private final String topic;
        private final List<String> names;
        private final List<Double> numbers;
        private int nextName;
        private int nextNumber;

        QuestionFill(String question) {
            this.question = question;
            String t = Text.topic(question);
            this.topic = t.isEmpty() ? question.strip() : t;
            this.names = Text.names(question);
            this.numbers = Text.numbers(question);
        }

        @Override
        String string(String property) {
            if (nameLike(property) && !names.isEmpty()) {
                return names.get(nextName < names.size() ? nextName++ : 0);
            }
            return topic;
        }

        @Override
        Double number(String property, JsonNode schema) {
            // a number that does not fit this slot is left for a later one ("1989" is no confidence)
            return nextNumber < numbers.size() && SchemaValues.fits(numbers.get(nextNumber), schema)
                    ? numbers.get(nextNumber++)
                    : null;
        }

        @Override
        boolean wantsOptional(String property, JsonNode schema) {
            if (schema == null) {
                return false;
            }
            if (schema.path("enum").isArray()) {
                for (JsonNode value : schema.get("enum")) {
                    if (value.isTextual()
                            && question.toLowerCase(Locale.ROOT)
                                    .contains(value.asText().toLowerCase(Locale.ROOT))) {
                        return true;
                    }
                }
                return false;
            }
            String type = schema.path("type").asText("");
            if (type.equals("number") || type.equals("integer")) {
                return nextNumber < numbers.size() && SchemaValues.fits(numbers.get(nextNumber), schema);
            }
            return type.equals("string") && nameLike(property) && nextName < names.size();
        }

        @Override
        String evidence() {
            return question;
        }

        private static boolean nameLike(String property) {
            for (String word : splitName(property).toLowerCase(Locale.ROOT).split(" ")) {
                if (NAME_WORDS.contains(word)) {
                    return true;
                }
            }
            return false;
        }
    }
}
