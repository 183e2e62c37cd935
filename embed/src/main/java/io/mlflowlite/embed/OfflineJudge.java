package io.mlflowlite.embed;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Role;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.eval.JudgePrompt;

/**
 * The offline judge model {@code local/judge}: reads a {@link JudgePrompt} from the request's last user message
 * and answers it from all-MiniLM-L6-v2 similarity and literal checks, per judge: {@link CorrectnessJudge},
 * {@link GuidelinesJudge}, {@link RelevanceJudge}, {@link FaithfulnessJudge}, {@link ConcisenessJudge},
 * {@link SafetyJudge}. A message that is not a judge prompt, an unknown judge or a missing section is an
 * {@link InvalidRequestException}, never a made-up verdict. Deterministic and thread-safe.
 */
final class OfflineJudge {
    private final Similarity similarity;

    OfflineJudge(MiniLmEmbedder embedder) {
        this.similarity = new Similarity(embedder);
    }

    Verdict judge(ChatRequest request) {
        JudgePrompt prompt = prompt(request);
        return switch (prompt.name()) {
            case JudgePrompt.CORRECTNESS -> CorrectnessJudge.judge(prompt, similarity);
            case JudgePrompt.GUIDELINES -> GuidelinesJudge.judge(prompt, similarity);
            case JudgePrompt.RELEVANCE_TO_QUERY -> RelevanceJudge.judge(prompt, similarity);
            case JudgePrompt.FAITHFULNESS -> FaithfulnessJudge.judge(prompt, similarity);
            case JudgePrompt.CONCISENESS -> ConcisenessJudge.judge(prompt, similarity);
            case JudgePrompt.SAFETY -> SafetyJudge.judge(prompt, similarity);
            default ->
                throw new InvalidRequestException(
                        "local/judge has no offline judge '" + prompt.name() + "'; it judges "
                                + String.join(", ", JudgePrompt.BUILTIN_JUDGES),
                        "messages");
        };
    }

    private static JudgePrompt prompt(ChatRequest request) {
        Message user = null;
        for (Message message : request.messages()) {
            if (message.role() == Role.USER) {
                user = message;
            }
        }
        if (user == null) {
            throw new InvalidRequestException(
                    "local/judge answers judge prompts: send a user message with "
                            + "<judge>…</judge> and the sections of io.mlflowlite.eval.JudgePrompt",
                    "messages");
        }
        try {
            return JudgePrompt.parse(user.text());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(
                    "local/judge answers judge prompts only (io.mlflowlite.eval.JudgePrompt): " + e.getMessage(),
                    "messages");
        }
    }
}
