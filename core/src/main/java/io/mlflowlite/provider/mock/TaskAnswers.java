package io.mlflowlite.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a simulated world answer from the row's truth, whether it is right and whether it keeps the task's format.
 * Wrong answers are plausibly wrong, so code scorers catch them the way they catch a real model's: a near-miss
 * number, another answer of the same kind, another label, a JSON object with a wrong or missing field or cut short,
 * a summary with one key fact off. Stateless.
 */
final class TaskAnswers {
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");

    private TaskAnswers() {}

    static String text(
            TaskSet tasks, SimulatedWorld.Task task, boolean correct, boolean compliant, boolean json, Rng rng) {
        TaskRow row = task.row();
        PromptFeatures f = task.features();
        return switch (row.family()) {
            case "factual" -> factual(tasks, row, correct, f, rng);
            case "arithmetic", "word_problems" -> numeric(row, correct, f, rng);
            case "extraction" -> extraction(tasks, row, correct, compliant || json, json, rng);
            case "summarization" -> correct ? row.expected() : summaryWithAFactOff(row, rng);
            case "classification" -> classification(row, correct, compliant, rng);
            default -> throw new IllegalStateException("no simulated family " + row.family());
        };
    }

    private static String factual(TaskSet tasks, TaskRow row, boolean correct, PromptFeatures f, Rng rng) {
        String answer = row.expected();
        if (!correct) {
            List<String> others = new ArrayList<>();
            for (TaskRow other : tasks.subset("factual")) {
                if (other.category().equals(row.category())
                        && !other.expected().equals(answer)
                        && !others.contains(other.expected())) {
                    others.add(other.expected());
                }
            }
            answer = others.isEmpty() ? answer : others.get(rng.nextInt(others.size()));
        }
        return f.explicitFormat()
                ? answer
                : Phrasing.statement(new KnowledgeSet.Fact(row.question(), answer, row.category()), answer);
    }

    private static String numeric(TaskRow row, boolean correct, PromptFeatures f, Rng rng) {
        String answer = correct ? row.expected() : nearMiss(row.expected(), rng);
        if (f.stepByStep()) {
            List<String> given = new ArrayList<>();
            Matcher m = NUMBER.matcher(row.question());
            while (m.find()) {
                given.add(m.group());
            }
            return "Step 1: note the quantities given: " + String.join(", ", given) + ".\n"
                    + "Step 2: combine them in the order the question describes.\n"
                    + "Step 3: check the result against the question.\n"
                    + "Answer: " + answer;
        }
        return f.explicitFormat() ? answer : "The answer is " + answer + ".";
    }

    private static String extraction(
            TaskSet tasks, TaskRow row, boolean correct, boolean inFormat, boolean json, Rng rng) {
        ObjectNode value = row.expectedJson().deepCopy();
        String text;
        if (correct) {
            text = value.toString();
        } else {
            List<String> fields = new ArrayList<>();
            value.fieldNames().forEachRemaining(fields::add);
            String field = fields.get(rng.nextInt(fields.size()));
            switch (rng.nextInt(json ? 2 : 3)) { // structured output never comes back cut short
                case 0 -> value.set(field, wrongValue(tasks, row, field, rng));
                case 1 -> value.remove(field);
                default -> {}
            }
            text = value.toString();
            if (value.size() == row.expectedJson().size() && value.equals(row.expectedJson())) {
                text = text.substring(0, text.length() - 1); // malformed: the closing brace is missing
            }
        }
        return inFormat ? text : "Here is the extracted data:\n\n```json\n" + text + "\n```";
    }

    private static JsonNode wrongValue(TaskSet tasks, TaskRow row, String field, Rng rng) {
        JsonNode right = row.expectedJson().get(field);
        if (right.isNumber()) {
            BigDecimal wrong = new BigDecimal(nearMiss(right.decimalValue().toPlainString(), rng));
            return right.isIntegralNumber()
                    ? Json.MAPPER.getNodeFactory().numberNode(wrong.longValueExact())
                    : Json.MAPPER.getNodeFactory().numberNode(wrong);
        }
        List<JsonNode> others = new ArrayList<>();
        for (TaskRow other : tasks.subset(row.subset())) {
            JsonNode candidate = other.expectedJson().get(field);
            if (candidate != null && !candidate.equals(right) && !others.contains(candidate)) {
                others.add(candidate);
            }
        }
        return others.isEmpty()
                ? Json.MAPPER.getNodeFactory().textNode(right.asText() + "x")
                : others.get(rng.nextInt(others.size()));
    }

    private static String summaryWithAFactOff(TaskRow row, Rng rng) {
        List<String> numeric = new ArrayList<>();
        for (String fact : row.facts()) {
            if (NUMBER.matcher(fact).find() && row.expected().contains(fact)) {
                numeric.add(fact);
            }
        }
        if (numeric.isEmpty()) {
            return row.expected() + " (details omitted)";
        }
        String fact = numeric.get(rng.nextInt(numeric.size()));
        Matcher m = NUMBER.matcher(fact);
        m.find();
        String off = fact.substring(0, m.start()) + nearMiss(m.group(), rng) + fact.substring(m.end());
        return row.expected().replace(fact, off);
    }

    private static String classification(TaskRow row, boolean correct, boolean compliant, Rng rng) {
        String label = row.expected();
        if (!correct) {
            List<String> others = new ArrayList<>(row.labels());
            others.remove(label);
            label = others.isEmpty() ? label : others.get(rng.nextInt(others.size()));
        }
        return compliant
                ? label
                : "Category: " + label + " (the customer's problem belongs with the " + label + " team).";
    }

    /** A number near {@code number} and never equal to it, with its decimals: 933 → 941, 4.2 → 4.5, 12 → 10. */
    static String nearMiss(String number, Rng rng) {
        BigDecimal right = new BigDecimal(number);
        BigDecimal unit = BigDecimal.ONE.movePointLeft(Math.max(0, right.scale()));
        long units = right.abs().divide(unit).longValue();
        long spread = Math.max(2, Math.min(units / 10, 50));
        BigDecimal step = unit.multiply(BigDecimal.valueOf(1 + rng.nextInt((int) spread)));
        boolean down = rng.nextInt(2) == 0 && right.compareTo(step) > 0;
        return (down ? right.subtract(step) : right.add(step)).toPlainString();
    }
}
