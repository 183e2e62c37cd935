package io.mlflowlite.provider.mock;

import static io.mlflowlite.provider.mock.MockCalls.call;
import static io.mlflowlite.provider.mock.MockCalls.json;
import static io.mlflowlite.provider.mock.MockCalls.schemaProblems;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ResponseFormat;
import org.junit.jupiter.api.Test;

class MockJsonOutputTest {
    private static final JsonNode ANSWER_SCHEMA = json("""
            {"type": "object",
             "properties": {
               "verdict": {"type": "string", "enum": ["confident", "unsure"]},
               "answer": {"type": "string"},
               "confidence": {"type": "number", "minimum": 0, "maximum": 1},
               "year": {"type": ["integer", "null"]},
               "sources": {"type": "array", "items": {"type": "string"}},
               "rationale": {"type": "string"},
               "meta": {"type": "object", "properties": {"reviewed": {"type": "boolean"}},
                        "required": ["reviewed"], "additionalProperties": false}
             },
             "required": ["verdict", "answer", "confidence", "year", "sources", "rationale", "meta"],
             "additionalProperties": false}
            """);
    private final MockProvider sure = new MockProvider(MockModels.empty()
            .withModel(
                    "oracle",
                    MockModelSpec.builder().accuracy(1.0).latencyScale(0).build()));

    @Test
    void jsonObjectFormatGivesAnObjectWithTheAnswer() {
        ChatRequest request = ChatRequest.builder()
                .model("mock/oracle")
                .addUserMessage("What is the capital of France?")
                .responseFormat(ResponseFormat.JSON_OBJECT)
                .build();
        JsonNode body = json(sure.chat(call("oracle", request)).content());
        assertThat(body.isObject()).isTrue();
        assertThat(body.path("answer").asText()).isEqualTo("The capital of France is Paris.");
    }

    @Test
    void jsonSchemaFormatGivesAValidObjectWithTheAnswerInTheFirstStringField() {
        ChatRequest request = ChatRequest.builder()
                .model("mock/oracle")
                .addUserMessage("In what year did the Berlin Wall fall?")
                .responseFormat(ResponseFormat.jsonSchema("answer", ANSWER_SCHEMA, true))
                .build();
        String content = sure.chat(call("oracle", request)).content();
        JsonNode body = json(content);

        assertThat(schemaProblems(ANSWER_SCHEMA, body)).isEmpty();
        assertThat(body.path("verdict").asText()).isEqualTo("confident");
        assertThat(body.path("answer").asText()).isEqualTo("That was in 1989.");
        assertThat(body.path("year").asInt()).isEqualTo(1989);
        assertThat(body.path("confidence").asDouble()).isBetween(0.0, 1.0);
        assertThat(body.path("rationale").asText()).containsIgnoringCase("simulated");
    }

    @Test
    void echoedJsonKeepsTheMessageInsideValidJson() {
        ChatRequest request = ChatRequest.builder()
                .model("mock/echo")
                .addUserMessage("quote \" and backslash \\ stay escaped")
                .responseFormat(ResponseFormat.JSON_OBJECT)
                .build();
        JsonNode body =
                json(MockCalls.instantProvider().chat(call("echo", request)).content());
        assertThat(body.path("answer").asText()).isEqualTo("quote \" and backslash \\ stay escaped");
    }
}
