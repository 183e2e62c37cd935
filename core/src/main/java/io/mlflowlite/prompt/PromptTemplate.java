package io.mlflowlite.prompt;

import io.mlflowlite.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A prompt with {@code {{var}}} placeholders: either one text ({@link #text(String)}) or a list of role/content
 * messages ({@link #chat(List)}), each parsed when the template is created, so invalid syntax ({@code {{unclosed},
 * {@code {{ }}}) is rejected at registration with its position, never at call time. Immutable and thread-safe.
 *
 * <p>Formatting is strict about missing variables (always an error naming each of them) and lenient about extra
 * ones by default: {@link #format(Map)} reports them in {@link RenderedPrompt#unused()};
 * {@link #formatStrict(Map)} rejects them instead.
 */
public final class PromptTemplate {
    private final PromptType type;
    private final TextTemplate text;
    private final List<PromptMessage> messages;
    private final List<TextTemplate> parsedMessages;
    private final Set<String> variables;

    private PromptTemplate(
            PromptType type, TextTemplate text, List<PromptMessage> messages, List<TextTemplate> parsedMessages) {
        this.type = type;
        this.text = text;
        this.messages = List.copyOf(messages);
        this.parsedMessages = List.copyOf(parsedMessages);
        Set<String> all = new LinkedHashSet<>();
        if (text != null) {
            all.addAll(text.variables());
        }
        parsedMessages.forEach(m -> all.addAll(m.variables()));
        this.variables = Collections.unmodifiableSet(all);
    }

    /**
     * A text template.
     *
     * @throws InvalidRequestException when its {@code {{…}}} syntax is invalid, with the line and column
     */
    public static PromptTemplate text(String template) {
        return new PromptTemplate(PromptType.TEXT, TextTemplate.parse(template, "template"), List.of(), List.of());
    }

    /**
     * A chat template: at least one message, each content a template.
     *
     * @throws InvalidRequestException when there are no messages, a role is not system/developer/user/assistant, or a content's syntax is
     *                                 invalid (naming {@code messages[i].content} and the position)
     */
    public static PromptTemplate chat(List<PromptMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            throw new InvalidRequestException("A chat template needs at least one message", "messages");
        }
        List<TextTemplate> parsed = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            PromptMessage m = messages.get(i);
            if (!List.of("system", "developer", "user", "assistant").contains(m.role())) {
                throw new InvalidRequestException(
                        "messages[" + i + "].role '" + m.role() + "' is not a template "
                                + "role: use system, developer, user or assistant",
                        "messages[" + i + "].role");
            }
            parsed.add(TextTemplate.parse(m.content(), "messages[" + i + "].content"));
        }
        return new PromptTemplate(PromptType.CHAT, null, messages, parsed);
    }

    /** A chat template of the given messages. */
    public static PromptTemplate chat(PromptMessage... messages) {
        return chat(List.of(messages));
    }

    public PromptType type() {
        return type;
    }

    /** The text of a text template, placeholders included. */
    public Optional<String> text() {
        return Optional.ofNullable(text).map(TextTemplate::source);
    }

    /** The messages of a chat template, placeholders included; empty for a text template. */
    public List<PromptMessage> messages() {
        return messages;
    }

    /** Every variable the template uses, in order of first use. */
    public Set<String> variables() {
        return variables;
    }

    /**
     * Fills in the variables. Values are rendered with {@link String#valueOf(Object)}.
     *
     * @return the result, with supplied variables that were not used listed in {@link RenderedPrompt#unused()}
     * @throws InvalidRequestException naming every missing variable (and the ones that were supplied)
     */
    public RenderedPrompt format(Map<String, ?> values) {
        Map<String, ?> supplied = values == null ? Map.of() : values;
        List<String> missing =
                variables.stream().filter(v -> !supplied.containsKey(v)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidRequestException(
                    "Missing prompt variable" + (missing.size() == 1 ? " " : "s ")
                            + String.join(", ", missing) + "; the template uses " + String.join(", ", variables)
                            + " and was given "
                            + (supplied.isEmpty()
                                    ? "none"
                                    : String.join(", ", new java.util.TreeSet<>(supplied.keySet()))),
                    "variables");
        }
        List<String> unused =
                supplied.keySet().stream().filter(k -> !variables.contains(k)).toList();
        if (type == PromptType.TEXT) {
            return new RenderedPrompt(type, text.render(supplied), List.of(), unused);
        }
        List<PromptMessage> rendered = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            rendered.add(new PromptMessage(
                    messages.get(i).role(), parsedMessages.get(i).render(supplied)));
        }
        return new RenderedPrompt(type, null, rendered, unused);
    }

    /**
     * Like {@link #format(Map)}, but a supplied variable the template does not use is an error too.
     *
     * @throws InvalidRequestException naming every missing or unused variable
     */
    public RenderedPrompt formatStrict(Map<String, ?> values) {
        RenderedPrompt rendered = format(values);
        if (!rendered.usedAll()) {
            throw new InvalidRequestException(
                    "Unused prompt variable" + (rendered.unused().size() == 1 ? " " : "s ")
                            + String.join(", ", rendered.unused()) + "; the template uses "
                            + (variables.isEmpty() ? "none" : String.join(", ", variables)),
                    "variables");
        }
        return rendered;
    }

    /** The template as lines, for diffs: a text's lines, or each message as a {@code [role]} line then its lines. */
    public List<String> lines() {
        if (type == PromptType.TEXT) {
            return List.of(text.source().split("\n", -1));
        }
        List<String> lines = new ArrayList<>();
        for (PromptMessage m : messages) {
            lines.add("[" + m.role() + "]");
            lines.addAll(List.of(m.content().split("\n", -1)));
        }
        return lines;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PromptTemplate t
                && type == t.type
                && Objects.equals(text(), t.text())
                && messages.equals(t.messages);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, text(), messages);
    }

    @Override
    public String toString() {
        return type == PromptType.TEXT
                ? "PromptTemplate[text=" + text.source() + "]"
                : "PromptTemplate[messages=" + messages + "]";
    }
}
