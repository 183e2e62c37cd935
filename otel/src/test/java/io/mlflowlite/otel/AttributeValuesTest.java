package io.mlflowlite.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.json.Json;
import io.opentelemetry.proto.common.v1.AnyValue;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributeValuesTest {

    @Test
    void encodesMlflowKeysAsJsonTextTheWayMlflowStoresThem() {
        assertThat(value("mlflow.spanType", "CHAT_MODEL").getStringValue()).isEqualTo("\"CHAT_MODEL\"");
        assertThat(value("mlflow.llm.model", "gpt-4o").getStringValue()).isEqualTo("\"gpt-4o\"");
        assertThat(value("mlflow.someCount", 3L).getStringValue()).isEqualTo("3");
        assertThat(value("mlflow.flag", true).getStringValue()).isEqualTo("true");
        assertThat(value("mlflow.chat.tokenUsage", Json.read("{\"input_tokens\":1}"))
                        .getStringValue())
                .isEqualTo("{\"input_tokens\":1}");
        assertThat(value("mlflow.note", "say \"hi\" — ünïcode").getStringValue())
                .isEqualTo("\"say \\\"hi\\\" — ünïcode\"");
    }

    @Test
    void passesStructuredMlflowValuesThatAreAlreadyJsonTextThroughUnquoted() {
        assertThat(value("mlflow.chat.tokenUsage", "{\"input_tokens\":1}").getStringValue())
                .isEqualTo("{\"input_tokens\":1}");
        assertThat(value("mlflow.llm.cost", "not json").getStringValue()).isEqualTo("\"not json\"");
        // Only the keys MLflow reads as objects: any other string is a string.
        assertThat(value("mlflow.spanInputs", "{\"a\":1}").getStringValue()).isEqualTo("\"{\\\"a\\\":1}\"");
    }

    @Test
    void encodesOtherKeysAsNativeOtlpValues() {
        assertThat(value("gen_ai.usage.input_tokens", 12L))
                .isEqualTo(AnyValue.newBuilder().setIntValue(12).build());
        assertThat(value("gen_ai.usage.input_tokens", 12))
                .isEqualTo(AnyValue.newBuilder().setIntValue(12).build());
        assertThat(value("gen_ai.usage.input_tokens", Json.read("12")))
                .isEqualTo(AnyValue.newBuilder().setIntValue(12).build());
        assertThat(value("gen_ai.request.temperature", 0.5).getDoubleValue()).isEqualTo(0.5);
        assertThat(value("gen_ai.cost", new BigDecimal("0.25")).getDoubleValue())
                .isEqualTo(0.25);
        assertThat(value("gen_ai.request.model", "gpt-4o").getStringValue()).isEqualTo("gpt-4o");
        assertThat(value("gen_ai.request.stream", true).getBoolValue()).isTrue();
        assertThat(value("gen_ai.response.finish_reasons", List.of("stop", "length"))
                        .getArrayValue()
                        .getValuesCount())
                .isEqualTo(2);
        assertThat(value("gen_ai.input.messages", Json.read("[{\"role\":\"user\"}]"))
                        .getStringValue())
                .isEqualTo("[{\"role\":\"user\"}]");
        assertThat(value("gen_ai.conversation.id", null).getValueCase()).isEqualTo(AnyValue.ValueCase.VALUE_NOT_SET);
    }

    private static AnyValue value(String key, Object value) {
        return AttributeValues.keyValue(key, value).getValue();
    }
}
