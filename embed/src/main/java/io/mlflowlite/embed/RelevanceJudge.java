package io.mlflowlite.embed;

import io.mlflowlite.eval.JudgePrompt;
import java.util.ArrayList;
import java.util.List;

/**
 * Relevance to the query: the response must add something to the request ({@link Novelty#echoes}: an echo of
 * the question is as similar to it as can be, and answers nothing), and the response, or one of its sentences,
 * must be at least {@link Thresholds#RELEVANT} similar to the request. Says nothing about whether the answer is
 * right.
 */
final class RelevanceJudge {
    private RelevanceJudge() {}

    static Verdict judge(JudgePrompt prompt, Similarity similarity) {
        String request = Verdict.required(prompt.request(), prompt, "request");
        String response = Verdict.required(prompt.response(), prompt, "response");
        if (Novelty.echoes(request, response)) {
            return Verdict.no("the response restates the request without answering it: it has no content word "
                    + "the request does not have.");
        }
        List<String> candidates = new ArrayList<>(Texts.sentences(response));
        candidates.add(response);
        double best = 0;
        for (double score : similarity.matrix(List.of(request), candidates)[0]) {
            best = Math.max(best, score);
        }
        String verdict = "similarity of request and response " + Support.format(best);
        return best >= Thresholds.RELEVANT
                ? Verdict.yes("the response addresses the request (" + verdict + " >= "
                        + Support.format(Thresholds.RELEVANT) + ").")
                : Verdict.no("the response is not about the request (" + verdict + " < "
                        + Support.format(Thresholds.RELEVANT) + ").");
    }
}
