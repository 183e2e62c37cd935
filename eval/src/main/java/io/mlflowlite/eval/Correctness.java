package io.mlflowlite.eval;

import java.util.List;

/**
 * {@code correctness}: is the response right, judged against {@code expectations.expected_response} or
 * {@code expectations.expected_facts} (rows with neither are skipped)? See {@link LlmJudge}.
 */
public final class Correctness extends LlmJudge {
    public Correctness() {
        this(null);
    }

    private Correctness(String model) {
        super("correctness", model);
    }

    @Override
    public Correctness withModel(String judgeModel) {
        return new Correctness(judgeModel);
    }

    @Override
    String kind() {
        return JudgePrompt.CORRECTNESS;
    }

    @Override
    String instructions() {
        return """
                You grade the correctness of an answer. Compare the <response> with the reference: the \
                <expected_response> and/or the list of <expected_facts>. Answer "yes" when the response conveys \
                everything the reference does and contradicts none of it; different wording, order or extra \
                accurate detail are fine. Answer "no" when something in the reference is missing, wrong or \
                contradicted. Use the <request> only to understand what was asked.""";
    }

    @Override
    public List<Requirement> requirements() {
        return List.of(
                Requirement.OUTPUTS,
                Requirement.anyOf(
                        "expectations." + EvalRow.EXPECTED_RESPONSE, "expectations." + EvalRow.EXPECTED_FACTS));
    }

    @Override
    JudgePrompt prompt(ScorerInput input) {
        return basePrompt(input)
                .expectedResponse(input.expectedResponse().orElse(null))
                .expectedFacts(input.expectationList(EvalRow.EXPECTED_FACTS))
                .build();
    }
}
