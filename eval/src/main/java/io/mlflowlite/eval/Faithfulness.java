package io.mlflowlite.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.SpanType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code faithfulness}: is every claim of the response supported by the context (the hallucination check)? The
 * context is {@code expectations.context} (text, or a list of passages), else the outputs of the trace's RETRIEVER
 * spans (MLflow documents' {@code page_content}, text, or JSON); rows with neither are skipped. See {@link LlmJudge}.
 */
public final class Faithfulness extends LlmJudge {
    public Faithfulness() {
        this(null);
    }

    private Faithfulness(String model) {
        super("faithfulness", model);
    }

    @Override
    public Faithfulness withModel(String judgeModel) {
        return new Faithfulness(judgeModel);
    }

    @Override
    String kind() {
        return JudgePrompt.FAITHFULNESS;
    }

    @Override
    String instructions() {
        return """
                You check whether a response is grounded in the given context. Answer "yes" when every factual \
                claim in the <response> is supported by the <context>. Answer "no" when the response states \
                anything the context does not support or contradicts, even if it is true elsewhere: judge from the \
                context alone, not from what you know.""";
    }

    @Override
    public List<Requirement> requirements() {
        return List.of(Requirement.OUTPUTS, Requirement.anyOf("expectations." + EvalRow.CONTEXT, "trace.retriever"));
    }

    @Override
    JudgePrompt prompt(ScorerInput input) {
        return basePrompt(input).context(context(input)).build();
    }

    static String context(ScorerInput input) {
        List<String> given = input.expectationList(EvalRow.CONTEXT);
        if (!given.isEmpty()) {
            return String.join("\n\n", given);
        }
        List<String> passages = new ArrayList<>();
        for (Span span : input.trace().spans()) {
            if (span.type() == SpanType.RETRIEVER
                    && span.outputs() != null
                    && !span.outputs().isNull()) {
                passages.addAll(passages(span.outputs()));
            }
        }
        return String.join("\n\n", passages);
    }

    private static List<String> passages(JsonNode outputs) {
        List<String> out = new ArrayList<>();
        if (outputs.isArray()) {
            for (JsonNode item : outputs) {
                out.addAll(passages(item));
            }
        } else if (outputs.isObject() && outputs.path("page_content").isTextual()) {
            out.add(outputs.get("page_content").asText());
        } else if (outputs.isTextual()) {
            out.add(outputs.asText());
        } else {
            out.add(outputs.toString());
        }
        return out;
    }
}
