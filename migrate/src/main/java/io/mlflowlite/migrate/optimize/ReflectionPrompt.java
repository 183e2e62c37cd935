package io.mlflowlite.migrate.optimize;

import io.mlflowlite.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompt the reflection model reads and how its reply is parsed (documented in docs/optimization.md): the
 * current prompt in a {@code ```prompt} fenced block, the rows it got wrong as {@code Inputs:} / {@code Output:} /
 * {@code Expected:} (JSON values) and {@code Feedback:} lines, the edits already tried, and the reply's shape —
 * an {@code Edit:} line and the new prompt in a {@code ```prompt} block (any fenced block is accepted from real
 * models).
 */
final class ReflectionPrompt {
    /** One row the prompt got wrong, as shown to the reflection model. */
    record Failure(Map<String, Object> inputs, String output, Object expected, String feedback) {}

    /** The reflection model's proposal. */
    record Proposal(String edit, String text) {}

    private static final Pattern PROMPT_BLOCK =
            Pattern.compile("```prompt[ \\t]*\\r?\\n(.*?)\\r?\\n?```", Pattern.DOTALL);
    private static final Pattern ANY_BLOCK =
            Pattern.compile("```[A-Za-z0-9_-]*[ \\t]*\\r?\\n(.*?)\\r?\\n?```", Pattern.DOTALL);
    private static final Pattern EDIT = Pattern.compile("(?m)^\\s*Edit:\\s*(.+?)\\s*$");

    private ReflectionPrompt() {}

    static String build(String current, Set<String> variables, List<Failure> failures, List<String> tried) {
        StringBuilder p = new StringBuilder();
        p.append("You are improving a prompt template for a language model. The template is filled in with each row's ")
                .append("inputs")
                .append(variables.isEmpty() ? "" : " (placeholders " + placeholders(variables) + ")")
                .append(" and sent to the model; scorers then check the model's output.\n\n");
        p.append("Current prompt:\n```prompt\n").append(current).append("\n```\n\n");
        p.append("Rows the prompt got wrong, with the scorers' feedback:\n\n");
        int i = 1;
        for (Failure f : failures) {
            p.append("Row ").append(i++).append('\n');
            p.append("Inputs: ").append(Json.tree(f.inputs()).toString()).append('\n');
            p.append("Output: ").append(Json.tree(f.output()).toString()).append('\n');
            p.append("Expected: ").append(Json.tree(f.expected()).toString()).append('\n');
            p.append("Feedback: ").append(f.feedback().replace('\n', ' ')).append("\n\n");
        }
        if (!tried.isEmpty()) {
            p.append("Edits already tried on this prompt without improvement:\n");
            tried.forEach(t -> p.append("- ").append(t).append('\n'));
            p.append('\n');
        }
        p.append("Useful kinds of edit: state the output format; add step-by-step reasoning; add examples (taken from ")
                .append("the rows above, with their expected outputs, placed before the placeholders); add a ")
                .append("constraint; reword an unclear instruction.\n");
        p.append("Reply with one line \"Edit: <the kind of edit>\", then the complete new prompt in a ```prompt ")
                .append("fenced block. Keep every placeholder exactly as it is.");
        return p.toString();
    }

    /** The proposal in {@code reply}, if it holds a fenced block. */
    static Optional<Proposal> parse(String reply) {
        if (reply == null) {
            return Optional.empty();
        }
        Matcher block = PROMPT_BLOCK.matcher(reply);
        String text = null;
        if (block.find()) {
            text = block.group(1);
        } else {
            Matcher any = ANY_BLOCK.matcher(reply);
            if (any.find()) {
                text = any.group(1);
            }
        }
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Matcher edit = EDIT.matcher(reply);
        String name = edit.find() ? edit.group(1).toLowerCase(java.util.Locale.ROOT) : "rewrite";
        return Optional.of(new Proposal(name, text));
    }

    private static String placeholders(Set<String> variables) {
        StringBuilder s = new StringBuilder();
        for (String v : variables) {
            s.append(s.isEmpty() ? "" : ", ").append("{{").append(v).append("}}");
        }
        return s.toString();
    }
}
