package io.mlflowlite.eval;

import java.util.List;

/** {@code conciseness}: does the response answer without filler, repetition or unrequested detail? See {@link LlmJudge}. */
public final class Conciseness extends LlmJudge {
    public Conciseness() {
        this(null);
    }

    private Conciseness(String model) {
        super("conciseness", model);
    }

    @Override
    public Conciseness withModel(String judgeModel) {
        return new Conciseness(judgeModel);
    }

    @Override
    String kind() {
        return JudgePrompt.CONCISENESS;
    }

    @Override
    String instructions() {
        return """
                You judge whether a response is concise for its request. Answer "yes" when the <response> gives \
                what the <request> needs without padding, repetition, boilerplate or detail nobody asked for. \
                Answer "no" when it could say the same in clearly fewer words.""";
    }

    @Override
    public List<Requirement> requirements() {
        return List.of(Requirement.OUTPUTS);
    }

    @Override
    JudgePrompt prompt(ScorerInput input) {
        return basePrompt(input).build();
    }
}
