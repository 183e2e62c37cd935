package io.mlflowlite.migrate.optimize;

import io.mlflowlite.prompt.PromptMessage;
import io.mlflowlite.prompt.PromptTemplate;
import io.mlflowlite.prompt.PromptType;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a template the optimizer edits: a text template's text, or a chat template's last user message (the
 * other messages are kept as they are).
 */
final class PromptText {
    private PromptText() {}

    static String editable(PromptTemplate template) {
        if (template.type() == PromptType.TEXT) {
            return template.text().orElseThrow();
        }
        List<PromptMessage> messages = template.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return messages.get(i).content();
            }
        }
        return messages.get(messages.size() - 1).content();
    }

    static PromptTemplate with(PromptTemplate template, String text) {
        if (template.type() == PromptType.TEXT) {
            return PromptTemplate.text(text);
        }
        List<PromptMessage> messages = new ArrayList<>(template.messages());
        int at = messages.size() - 1;
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                at = i;
                break;
            }
        }
        messages.set(at, new PromptMessage(messages.get(at).role(), text));
        return PromptTemplate.chat(messages);
    }
}
