package io.mlflowlite.chat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One chat message. Immutable.
 *
 * @param role       who wrote it
 * @param content    its parts (text and images); may be empty for an assistant message that only calls tools
 * @param toolCalls  the tool calls of an assistant message; empty otherwise
 * @param toolCallId the call a {@code tool} message answers; null otherwise
 * @param name       an optional participant name; null when absent
 * @param extras     an assistant message's refusal, reasoning blocks and provider extension fields; never null
 */
public record Message(
        Role role,
        List<ContentPart> content,
        List<ToolCall> toolCalls,
        String toolCallId,
        String name,
        MessageExtras extras) {

    public Message {
        content = content == null ? List.of() : List.copyOf(content);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        extras = extras == null ? MessageExtras.NONE : extras;
    }

    /** A message without extras. */
    public Message(Role role, List<ContentPart> content, List<ToolCall> toolCalls, String toolCallId, String name) {
        this(role, content, toolCalls, toolCallId, name, MessageExtras.NONE);
    }

    /** This message with {@code extras} instead of its own. */
    public Message withExtras(MessageExtras extras) {
        return new Message(role, content, toolCalls, toolCallId, name, extras);
    }

    /** The refusal text of an assistant message, when the model refused. */
    public Optional<String> refusal() {
        return Optional.ofNullable(extras.refusal());
    }

    public static Message system(String text) {
        return of(Role.SYSTEM, text);
    }

    public static Message developer(String text) {
        return of(Role.DEVELOPER, text);
    }

    public static Message user(String text) {
        return of(Role.USER, text);
    }

    /** A user message made of several parts, such as text and images. */
    public static Message user(ContentPart... parts) {
        return new Message(Role.USER, List.of(parts), List.of(), null, null);
    }

    public static Message assistant(String text) {
        return of(Role.ASSISTANT, text);
    }

    /** An assistant message that calls tools, with optional text (null for none). */
    public static Message assistant(String text, List<ToolCall> toolCalls) {
        List<ContentPart> content = text == null ? List.of() : List.of(new ContentPart.Text(text));
        return new Message(Role.ASSISTANT, content, toolCalls, null, null);
    }

    /** The result of the tool call {@code toolCallId}. */
    public static Message tool(String toolCallId, String result) {
        return new Message(Role.TOOL, List.of(new ContentPart.Text(result)), List.of(), toolCallId, null);
    }

    public static Message of(Role role, String text) {
        return new Message(role, List.of(new ContentPart.Text(text)), List.of(), null, null);
    }

    /** The text parts joined, or "" when there is no text. */
    public String text() {
        return content.stream()
                .filter(ContentPart.Text.class::isInstance)
                .map(part -> ((ContentPart.Text) part).text())
                .collect(Collectors.joining());
    }

    /** Whether the content holds anything but text. */
    public boolean hasImages() {
        return content.stream().anyMatch(ContentPart.Image.class::isInstance);
    }

    /** The participant name, when set. */
    public Optional<String> nameIfPresent() {
        return Optional.ofNullable(name);
    }
}
