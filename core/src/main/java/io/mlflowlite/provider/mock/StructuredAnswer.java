package io.mlflowlite.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.json.Json;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An answer shaped by {@code response_format}: {@code {"answer": …}} for {@code json_object}; for
 * {@code json_schema}, an object with every property of the schema, the answer in the first string field.
 * Stateless.
 */
final class StructuredAnswer {
    private static final Pattern ASKS_QUESTION = Pattern.compile("(question|query|input|prompt)s?");
    private static final Pattern ASKS_REASON =
            Pattern.compile("(rationale|reason|reasoning|explanation|justification)");

    private StructuredAnswer() {}

    /** {@code answer} as the format asks; unchanged for text (or no format). */
    static String shape(ResponseFormat format, String answer, String question) {
        if (format == null || !format.isJson()) {
            return answer;
        }
        if ("json_schema".equals(format.type())
                && format.schema() != null
                && !format.schema().isNull()) {
            return SchemaValues.instance(format.schema(), new AnswerFill(answer, question))
                    .toString();
        }
        return Json.object().put("answer", answer).toString();
    }

    /** The answer in the first string slot; the question, a rationale or a placeholder in the others. */
    private static final class AnswerFill extends SchemaValues.Fill {
        private final String answer;
        private final String question;
        private final List<Double> numbers;
        private boolean answered;
        private int nextNumber;

        AnswerFill(String answer, String question) {
            this.answer = answer;
            this.question = question;
            this.numbers = Text.numbers(answer);
        }

        @Override
        String string(String property) {
            if (!answered) {
                answered = true;
                return answer;
            }
            String name = property.toLowerCase(Locale.ROOT);
            if (ASKS_QUESTION.matcher(name).matches()) {
                return question;
            }
            if (ASKS_REASON.matcher(name).matches()) {
                return "Simulated by the mock provider from its knowledge set; no model reasoned about this.";
            }
            return "simulated " + property;
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
            return true; // structured outputs (strict mode) expect every property present
        }

        @Override
        String evidence() {
            return answer;
        }
    }
}
