package io.mlflowlite.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionCallMergerTest {

    private static List<ToolCall> merge(String... parts) {
        FunctionCallMerger merger = new FunctionCallMerger(0);
        List<ToolCall> calls = new ArrayList<>();
        for (String part : parts) {
            merger.add(Json.read(part)).forEach(n -> calls.add(n.call()));
        }
        FunctionCallMerger.Numbered open = merger.flush();
        if (open != null) {
            calls.add(open.call());
        }
        return calls;
    }

    @Test
    void partialArgumentsBuildNestedObjectsArraysAndContinuedStrings() {
        List<ToolCall> calls = merge(
                "{\"functionCall\":{\"name\":\"book\",\"willContinue\":true}}",
                "{\"functionCall\":{\"partialArgs\":[{\"jsonPath\":\"$.trip.cities[0]\",\"stringValue\":\"Par\","
                        + "\"willContinue\":true}],\"willContinue\":true}}",
                "{\"functionCall\":{\"partialArgs\":[{\"jsonPath\":\"$.trip.cities[0]\",\"stringValue\":\"is\"},"
                        + "{\"jsonPath\":\"$.trip.cities[1]\",\"stringValue\":\"Rome\"},"
                        + "{\"jsonPath\":\"$['trip']['nights']\",\"numberValue\":4},"
                        + "{\"jsonPath\":\"$.refundable\",\"boolValue\":false}]}}");

        assertThat(calls).hasSize(1);
        assertThat(calls.getFirst().name()).isEqualTo("book");
        assertThat(Json.read(calls.getFirst().arguments()))
                .isEqualTo(Json.read("{\"trip\":{\"cities\":[\"Paris\",\"Rome\"],\"nights\":4},\"refundable\":false}"));
    }

    @Test
    void namelessPartsWithArgsAddToTheCallStillArrivingAndANewNameStartsTheNextCall() {
        List<ToolCall> calls = merge(
                "{\"functionCall\":{\"name\":\"a\",\"args\":{\"x\":1},\"willContinue\":true}}",
                "{\"functionCall\":{\"args\":{\"y\":2},\"willContinue\":true}}",
                "{\"functionCall\":{\"name\":\"b\",\"args\":{}}}",
                "{\"functionCall\":{}}");

        assertThat(calls).extracting(ToolCall::name).containsExactly("a", "b");
        assertThat(calls).extracting(ToolCall::id).containsExactly("call_0_a", "call_1_b");
        assertThat(Json.read(calls.getFirst().arguments())).isEqualTo(Json.read("{\"x\":1,\"y\":2}"));
        assertThat(calls.get(1).arguments()).isEqualTo("{}");
    }

    @Test
    void wholeCallsStayOneCallEach() {
        List<ToolCall> calls = merge(
                "{\"functionCall\":{\"name\":\"a\",\"args\":{\"q\":\"x\"}},\"thoughtSignature\":\"c2ln\"}",
                "{\"functionCall\":{\"name\":\"a\",\"args\":{\"q\":\"y\"}}}");

        assertThat(calls).extracting(ToolCall::id).containsExactly("call_0_a~c2ln", "call_1_a");
    }
}
