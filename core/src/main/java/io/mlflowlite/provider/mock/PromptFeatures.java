package io.mlflowlite.provider.mock;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Role;
import java.util.regex.Pattern;

/**
 * The features of a prompt the simulated models react to, read from the request's system and user text with the
 * dataset row's own question taken out (so a row never carries a feature by itself). The phrases are listed in
 * docs/simulated-world.md; matching is case-insensitive.
 *
 * @param stepByStep     asks to reason step by step ("step by step", "show your work", "think it through")
 * @param explicitFormat states the output format ("respond with only …", "only the label", "Output format:", "no
 *                       other text", "nothing else"), or the request sets a JSON {@code response_format}
 * @param examples       gives worked examples ("Example:", "Examples:", "Example 2:"), or an assistant turn comes
 *                       before the last user message (few-shot as chat turns)
 * @param constraint     states a constraint ("must", "never", "do not", "don't", "at most", "no more than")
 */
record PromptFeatures(boolean stepByStep, boolean explicitFormat, boolean examples, boolean constraint) {
    static final PromptFeatures NONE = new PromptFeatures(false, false, false, false);

    private static final Pattern STEP = Pattern.compile(
            "(?i)\\bstep[- ]by[- ]step\\b|\\bshow (?:your|the) (?:work|working|reasoning)\\b|\\bthink (?:it )?through\\b");
    private static final Pattern FORMAT =
            Pattern.compile("(?i)\\b(?:respond|answer|reply|return|output)\\s+(?:with\\s+)?"
                    + "only\\b|\\bonly\\s+the\\s+\\w+|\\b(?:output|response|answer)\\s+format\\s*:|\\bno other text\\b"
                    + "|\\bnothing else\\b");
    private static final Pattern EXAMPLES = Pattern.compile("(?i)\\bexamples?\\s*\\d*\\s*:");
    private static final Pattern CONSTRAINT =
            Pattern.compile("(?i)\\b(?:must|never|do not|don't|at most|no more than)\\b");

    /** The features of {@code request}, ignoring {@code question} (collapsed) where it occurs. */
    static PromptFeatures detect(ChatRequest request, String question) {
        StringBuilder text = new StringBuilder();
        boolean assistantTurn = false;
        boolean seenLastUser = false;
        for (int i = request.messages().size() - 1; i >= 0; i--) {
            Message m = request.messages().get(i);
            if (m.role() == Role.USER || m.role() == Role.SYSTEM) {
                text.append(TaskSet.collapse(m.text()).replace(question, " ")).append('\n');
            }
            if (m.role() == Role.USER) {
                seenLastUser = true;
            } else if (m.role() == Role.ASSISTANT && seenLastUser) {
                assistantTurn = true;
            }
        }
        String all = text.toString();
        boolean jsonFormat =
                request.responseFormat() != null && request.responseFormat().isJson();
        return new PromptFeatures(
                STEP.matcher(all).find(),
                jsonFormat || FORMAT.matcher(all).find(),
                assistantTurn || EXAMPLES.matcher(all).find(),
                CONSTRAINT.matcher(all).find());
    }
}
