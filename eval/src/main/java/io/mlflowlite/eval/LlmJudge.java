package io.mlflowlite.eval;

import io.mlflowlite.chat.Feedback;
import java.util.List;
import java.util.Optional;

/**
 * A built-in LLM judge: sends the row as tagged sections to a judge model with our own instructions, asks for
 * {@code {"rationale": "...", "result": "yes"|"no"}} (response format json_schema), parses it strictly, and asks
 * once more with the parse error when the answer is not that; a second bad answer is an error feedback. The
 * feedback's source is {@code LLM_JUDGE:<model>}. The model is the judge's own ({@link #withModel}), else the run's.
 * Immutable, thread-safe; {@link #score} blocks on the model calls.
 */
public abstract sealed class LlmJudge implements Scorer
        permits Correctness, Guidelines, RelevanceToQuery, Faithfulness, Conciseness, Safety {
    private final String name;
    private final String model;

    LlmJudge(String name, String model) {
        this.name = Scorers.checkName(name);
        this.model = model == null || model.isBlank() ? null : model.strip();
    }

    @Override
    public final String name() {
        return name;
    }

    /** The judge model set on this judge; empty means the run's judge model. */
    public final Optional<String> model() {
        return Optional.ofNullable(model);
    }

    /** The same judge on {@code judgeModel} (any model the gateway serves; null goes back to the run's). */
    public abstract LlmJudge withModel(String judgeModel);

    /** The judge's kind, as the {@code <judge>} section names it ({@code correctness}, {@code guidelines} …). */
    abstract String kind();

    /** The system message: what to judge and how. */
    abstract String instructions();

    /** The user message for one row (its requirements are met): the tagged sections of {@link JudgePrompt}. */
    abstract JudgePrompt prompt(ScorerInput input);

    /** The prompt with the request and response every judge sends. */
    final JudgePrompt.Builder basePrompt(ScorerInput input) {
        return JudgePrompt.builder(kind()).request(input.requestText()).response(input.outputsText());
    }

    @Override
    public abstract List<Requirement> requirements();

    @Override
    public final List<Feedback> score(ScorerInput input) {
        return JudgeCall.run(this, input);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + (model == null ? "" : ", " + model) + "]";
    }
}
