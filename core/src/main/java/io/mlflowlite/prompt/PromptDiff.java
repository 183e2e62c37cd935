package io.mlflowlite.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What changed from one version of a prompt to another: the template as a line diff (a chat template's
 * messages appear as {@code [role]} lines followed by their content), and each metadata field that differs.
 * Immutable.
 *
 * @param name     the prompt
 * @param from     the older side's version
 * @param to       the newer side's version
 * @param lines    every template line, prefixed {@code "  "} (kept), {@code "- "} (removed) or {@code "+ "} (added)
 * @param metadata the fields that differ: commit message, tags, model config, response format
 */
public record PromptDiff(String name, int from, int to, List<String> lines, List<Change> metadata) {
    public PromptDiff {
        lines = List.copyOf(lines);
        metadata = List.copyOf(metadata);
    }

    /** One metadata field with its value in each version ({@code null} when absent). */
    public record Change(String field, String before, String after) {}

    /** Whether the template changed. */
    public boolean templateChanged() {
        return lines.stream().anyMatch(l -> !l.startsWith("  "));
    }

    /** Whether nothing at all differs. */
    public boolean isEmpty() {
        return !templateChanged() && metadata.isEmpty();
    }

    /** A unified-diff-like text: a header, the changed template lines with context, then the metadata changes. */
    public String render() {
        StringBuilder out =
                new StringBuilder("--- prompts:/" + name + "/" + from + "\n+++ prompts:/" + name + "/" + to + "\n");
        lines.forEach(l -> out.append(l).append('\n'));
        for (Change c : metadata) {
            out.append("~ ")
                    .append(c.field())
                    .append(": ")
                    .append(c.before() == null ? "(none)" : c.before())
                    .append(" -> ")
                    .append(c.after() == null ? "(none)" : c.after())
                    .append('\n');
        }
        return out.toString();
    }

    static PromptDiff between(PromptVersion a, PromptVersion b) {
        List<Change> changes = new ArrayList<>();
        change(changes, "type", a.template().type().key(), b.template().type().key());
        change(changes, "commit_message", a.commitMessage(), b.commitMessage());
        change(
                changes,
                "tags",
                a.tags().isEmpty() ? null : a.tags().toString(),
                b.tags().isEmpty() ? null : b.tags().toString());
        change(
                changes,
                "model_config",
                a.modelConfig().isEmpty() ? null : a.modelConfig().toString(),
                b.modelConfig().isEmpty() ? null : b.modelConfig().toString());
        change(
                changes,
                "response_format",
                a.responseFormat().map(PromptDiff::format).orElse(null),
                b.responseFormat().map(PromptDiff::format).orElse(null));
        return new PromptDiff(
                a.name(),
                a.version(),
                b.version(),
                LineDiff.diff(a.template().lines(), b.template().lines()),
                changes);
    }

    private static String format(io.mlflowlite.chat.ResponseFormat f) {
        return f.type() + (f.name() == null ? "" : " " + f.name()) + (f.schema() == null ? "" : " " + f.schema());
    }

    private static void change(List<Change> changes, String field, String before, String after) {
        if (!Objects.equals(before, after)) {
            changes.add(new Change(field, before, after));
        }
    }
}
