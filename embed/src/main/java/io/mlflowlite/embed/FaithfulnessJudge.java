package io.mlflowlite.embed;

import io.mlflowlite.eval.JudgePrompt;
import java.util.ArrayList;
import java.util.List;

/**
 * Faithfulness: every sentence of the response with content words must be supported by the context
 * ({@link Support}); courtesy sentences with none ("Sure!") need no support. Names of the request count as
 * given. The rationale quotes the first unsupported sentence.
 */
final class FaithfulnessJudge {
    private FaithfulnessJudge() {}

    static Verdict judge(JudgePrompt prompt, Similarity similarity) {
        String response = Verdict.required(prompt.response(), prompt, "response");
        String context = Verdict.required(prompt.context(), prompt, "context");
        List<String> claims = new ArrayList<>();
        for (String sentence : Texts.sentences(response)) {
            if (!Texts.contentWords(sentence).isEmpty()) {
                claims.add(sentence);
            }
        }
        if (claims.isEmpty()) {
            return Verdict.yes("the response makes no claim that needs support.");
        }
        List<Support> supports = Support.checkAll(
                claims, context, Texts.keyTerms(prompt.request().orElse("")), similarity);
        List<Support> unsupported =
                supports.stream().filter(s -> !s.supported()).toList();
        if (unsupported.isEmpty()) {
            return Verdict.yes((claims.size() == 1
                            ? "the response's one sentence is"
                            : "all " + claims.size() + " sentences of the response are")
                    + " supported by the context ("
                    + String.join("; ", supports.stream().map(Support::reason).toList()) + ").");
        }
        Support first = unsupported.get(0);
        return Verdict.no(unsupported.size() + " of " + claims.size() + " sentences are not supported by the "
                + "context; first: " + Texts.quote(first.claim(), 120) + " (" + first.reason() + ").");
    }
}
