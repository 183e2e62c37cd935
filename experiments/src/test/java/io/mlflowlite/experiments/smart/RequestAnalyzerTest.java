package io.mlflowlite.experiments.smart;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.json.Json;
import org.junit.jupiter.api.Test;

/** The cheap request features: maths, reasoning, format, code and script signals. */
class RequestAnalyzerTest {
    @Test
    void oneOperationIsArithmeticAndAWordProblemIsMultiStep() {
        RequestFeatures single = RequestAnalyzer.analyze("What is 225 + 849?");
        assertThat(single.numbers()).isEqualTo(2);
        assertThat(single.operators()).isEqualTo(1);
        assertThat(single.maths()).isTrue();
        assertThat(single.multiStepMaths()).isFalse();
        assertThat(single.summary()).isEqualTo("arithmetic");

        RequestFeatures word =
                RequestAnalyzer.analyze("A train travels at 51 km per hour for 2 hours, then at 80 km per "
                        + "hour for 2 hours. How many kilometres does it travel in all?");
        assertThat(word.quantityAsk()).isTrue();
        assertThat(word.units()).isGreaterThanOrEqualTo(2);
        assertThat(word.multiStep()).isPositive();
        assertThat(word.summary()).isEqualTo("multi-step arithmetic");
    }

    @Test
    void aJsonSchemaResponseFormatCountsItsFields() {
        ChatRequest request = ChatRequest.builder()
                .model("x")
                .addUserMessage("Extract the order from this message: order 17 for Ana.")
                .responseFormat(ResponseFormat.jsonSchema(
                        "order",
                        Json.read("{\"type\":\"object\",\"properties\":{\"id\":{},\"name\":{},\"city\":{}}}"),
                        true))
                .build();
        RequestFeatures f = RequestAnalyzer.analyze(request);
        assertThat(f.json()).isTrue();
        assertThat(f.schemaFields()).isEqualTo(3);
        assertThat(f.extract()).isTrue();
        assertThat(f.summary()).isEqualTo("JSON extraction (3 fields)");
    }

    @Test
    void formatCodeAndScriptSignals() {
        ChatRequest labelled = ChatRequest.builder()
                .model("x")
                .addSystemMessage("Respond with only the label.")
                .addUserMessage("Classify this support ticket as billing or shipping. Ticket: my parcel is late.")
                .build();
        RequestFeatures c = RequestAnalyzer.analyze(labelled);
        assertThat(c.choice()).isTrue();
        assertThat(c.oneWord()).isTrue();
        assertThat(c.system()).isTrue();
        assertThat(c.summary()).isEqualTo("classification");

        RequestFeatures code =
                RequestAnalyzer.analyze("Why does this fail?\n```python\ndef f(x):\n    return x[0]\n```");
        assertThat(code.code()).isGreaterThan(1);
        assertThat(code.summary()).isEqualTo("code");

        RequestFeatures russian = RequestAnalyzer.analyze("Сколько будет два плюс два?");
        assertThat(russian.script()).isEqualTo("cyrillic");
        assertThat(russian.nonLatin()).isGreaterThan(0.9);
        assertThat(russian.summary()).endsWith("cyrillic script");

        assertThat(RequestAnalyzer.analyze("Summarise this report in one sentence.")
                        .summarize())
                .isTrue();
        assertThat(RequestAnalyzer.analyze("Explain it step by step. First list the causes, then the fixes.")
                        .multiStep())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void theVectorHasOneNumberPerNameAndIsDeterministic() {
        RequestFeatures a = RequestAnalyzer.analyze("What is 20% of 320?");
        assertThat(a.vector()).hasSize(RequestFeatures.DIMENSIONS);
        assertThat(RequestAnalyzer.analyze("What is 20% of 320?").vector()).containsExactly(a.vector());
    }
}
