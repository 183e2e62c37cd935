package io.mlflowlite.eval;

import java.util.List;

/** {@code relevance_to_query}: does the response address what the request asked? See {@link LlmJudge}. */
public final class RelevanceToQuery extends LlmJudge {
    public RelevanceToQuery() {
        this(null);
    }

    private RelevanceToQuery(String model) {
        super("relevance_to_query", model);
    }

    @Override
    public RelevanceToQuery withModel(String judgeModel) {
        return new RelevanceToQuery(judgeModel);
    }

    @Override
    String kind() {
        return JudgePrompt.RELEVANCE_TO_QUERY;
    }

    @Override
    String instructions() {
        return """
                You check whether a response addresses its request. Answer "yes" when the <response> engages with \
                what the <request> asks (a wrong or partial answer, or a reasoned refusal, still addresses it). \
                Answer "no" when it is about something else, ignores the question or is empty of content.""";
    }

    @Override
    public List<Requirement> requirements() {
        return List.of(Requirement.INPUTS, Requirement.OUTPUTS);
    }

    @Override
    JudgePrompt prompt(ScorerInput input) {
        return basePrompt(input).build();
    }
}
