package io.mlflowlite.suggest;

import io.mlflowlite.chat.Message;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Triggers when the request is known and has no system or developer message. */
final class NoSystemPrompt implements Heuristic {

    @Override
    public Optional<Suggestion> check(SuggestionContext context) {
        List<Message> messages = context.messages();
        if (messages.isEmpty() || messages.stream().anyMatch(SuggestionContext::isInstruction)) {
            return Optional.empty();
        }
        String roles = messages.stream().map(m -> m.role().wireName()).collect(Collectors.joining(", "));
        return Optional.of(Suggestion.of(
                Suggestion.NO_SYSTEM_PROMPT,
                Severity.INFO,
                "No system prompt",
                "the request has " + messages.size() + " message(s) (" + roles + ") and no system or developer message",
                "add a system message with the role, the audience, and the answer's format and length; it keeps "
                        + "instructions apart from user input and is the stable prefix providers can cache"));
    }
}
