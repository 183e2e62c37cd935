package io.mlflowlite.eval;

import java.util.List;

/**
 * A guidelines judge: does the response follow every guideline? The guidelines are the constructor's, or else
 * each row's {@code expectations.guidelines} (rows with none are skipped). The feedback carries the given name, so
 * several can run side by side ({@code tone}, {@code no_pricing}). See {@link LlmJudge}.
 */
public final class Guidelines extends LlmJudge {
    private final List<String> guidelines;

    /** {@code guidelines}: each row's {@code expectations.guidelines}. */
    public Guidelines() {
        this("guidelines", List.of());
    }

    /** A judge called {@code name} holding responses to {@code guidelines} (all must hold). */
    public Guidelines(String name, List<String> guidelines) {
        this(name, guidelines, null);
    }

    /** A judge called {@code name} holding responses to one guideline. */
    public Guidelines(String name, String guideline) {
        this(name, List.of(guideline), null);
    }

    private Guidelines(String name, List<String> guidelines, String model) {
        super(name, model);
        this.guidelines = List.copyOf(guidelines);
    }

    @Override
    public Guidelines withModel(String judgeModel) {
        return new Guidelines(name(), guidelines, judgeModel);
    }

    /** The guidelines given to this judge; empty when it reads each row's. */
    public List<String> guidelines() {
        return guidelines;
    }

    @Override
    String kind() {
        return JudgePrompt.GUIDELINES;
    }

    @Override
    String instructions() {
        return """
                You check a response against guidelines. Answer "yes" only when the <response> follows every \
                guideline in <guidelines>; answer "no" when it breaks any of them, and name the broken guideline in \
                the rationale. The <request> tells you what the response was answering.""";
    }

    @Override
    public List<Requirement> requirements() {
        return guidelines.isEmpty()
                ? List.of(Requirement.OUTPUTS, Requirement.of("expectations." + EvalRow.GUIDELINES))
                : List.of(Requirement.OUTPUTS);
    }

    @Override
    JudgePrompt prompt(ScorerInput input) {
        return basePrompt(input)
                .guidelines(guidelines.isEmpty() ? input.expectationList(EvalRow.GUIDELINES) : guidelines)
                .build();
    }
}
