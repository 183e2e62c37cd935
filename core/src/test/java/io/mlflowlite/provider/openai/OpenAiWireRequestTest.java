package io.mlflowlite.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ContentPart;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.ToolChoice;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.testing.Fixtures;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiWireRequestTest {
    private static final Deployment OPENAI = new Deployment(
            "gpt-4o", "openai", "openai", "gpt-4o", URI.create("https://api.openai.com/v1"), "sk-x", Map.of(), null);

    @Test
    void reasoningEffortIsAClosedSetReadFromTheWireAndWrittenBack() {
        ChatRequest parsed = OpenAiWire.parseRequest(
                Json.read(
                        "{\"model\":\"o4-mini\",\"reasoning_effort\":\"High\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertThat(parsed.reasoningEffort()).isEqualTo(io.mlflowlite.chat.ReasoningEffort.HIGH);
        assertThat(OpenAiWire.requestBody(parsed, OPENAI, false)
                        .path("reasoning_effort")
                        .asText())
                .isEqualTo("high");

        InvalidRequestException wrong = catchThrowableOfType(
                InvalidRequestException.class,
                () -> OpenAiWire.parseRequest(
                        Json.read(
                                "{\"model\":\"o4-mini\",\"reasoning_effort\":\"maximum\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
        assertThat(wrong.getMessage())
                .isEqualTo("reasoning_effort 'maximum' is not one of none, minimal, low, medium, high, xhigh");
        assertThat(wrong.param()).isEqualTo("reasoning_effort");
    }

    @Test
    void singleTextPartIsAStringAndMixedContentIsAnArrayOfParts() {
        ChatRequest request = ChatRequest.builder()
                .model("gpt-4o")
                .addUserMessage("Describe it.")
                .addMessage(Message.user(
                        ContentPart.text("What is this?"),
                        new ContentPart.Image("data:image/png;base64,iVBORw0KGgo=", "high"),
                        ContentPart.image("https://example.org/cat.jpg")))
                .build();

        ObjectNode body = OpenAiWire.requestBody(request, OPENAI, false);

        assertThat(body.at("/messages/0/content").isTextual()).isTrue();
        JsonNode parts = body.at("/messages/1/content");
        assertThat(parts).hasSize(3);
        assertThat(parts.at("/0/type").asText()).isEqualTo("text");
        assertThat(parts.at("/0/text").asText()).isEqualTo("What is this?");
        assertThat(parts.at("/1/type").asText()).isEqualTo("image_url");
        assertThat(parts.at("/1/image_url/url").asText()).isEqualTo("data:image/png;base64,iVBORw0KGgo=");
        assertThat(parts.at("/1/image_url/detail").asText()).isEqualTo("high");
        assertThat(parts.at("/2/image_url").has("detail")).isFalse();
    }

    @Test
    void writesEveryParameterAndNeverANullField() {
        ObjectNode body = OpenAiWire.requestBody(everything(), OPENAI, true);

        assertThat(body.get("model").asText()).isEqualTo("gpt-4o");
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.get("stop")).hasSize(2);
        assertThat(body.get("n").asInt()).isEqualTo(2);
        assertThat(body.get("presence_penalty").asDouble()).isEqualTo(0.1);
        assertThat(body.get("frequency_penalty").asDouble()).isEqualTo(0.2);
        assertThat(body.get("parallel_tool_calls").asBoolean()).isFalse();
        assertThat(body.at("/tools/0/type").asText()).isEqualTo("function");
        assertThat(body.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(body.at("/tools/0/function/description").asText()).isEqualTo("Current weather");
        assertThat(body.at("/tools/0/function/parameters/type").asText()).isEqualTo("object");
        assertThat(body.at("/tools/0/function/strict").asBoolean()).isTrue();
        assertThat(body.at("/tool_choice/type").asText()).isEqualTo("function");
        assertThat(body.at("/tool_choice/function/name").asText()).isEqualTo("get_weather");
        assertThat(body.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(body.at("/response_format/json_schema/name").asText()).isEqualTo("answer");
        assertThat(body.at("/response_format/json_schema/strict").asBoolean()).isTrue();
        assertThat(body.at("/response_format/json_schema/schema/required/0").asText())
                .isEqualTo("place");
        assertThat(body.at("/messages/0/name").asText()).isEqualTo("alice");
        assertThat(nullFields(body, "")).containsExactly("/messages/1/content");
    }

    @Test
    void extraBodyWinsAndANullValueRemovesTheField() {
        ChatRequest request = everything().toBuilder()
                .extraBody("top_p", 0.5)
                .extraBody("stream_options", null)
                .extraBody("logit_bias", Map.of("50256", -100))
                .build();

        ObjectNode body = OpenAiWire.requestBody(request, OPENAI, true);

        assertThat(body.get("top_p").asDouble()).isEqualTo(0.5);
        assertThat(body.has("stream_options")).isFalse();
        assertThat(body.at("/logit_bias/50256").asInt()).isEqualTo(-100);
    }

    @Test
    void parsesWhatTheOfficialSdkSends() {
        JsonNode sdk = Json.read(Fixtures.text("openai/request-sdk.json"));

        ChatRequest r = OpenAiWire.parseRequest(sdk);

        assertThat(r.model()).isEqualTo("gpt-4o");
        assertThat(r.messages())
                .extracting(Message::role)
                .containsExactly(Role.DEVELOPER, Role.USER, Role.ASSISTANT, Role.TOOL);
        assertThat(r.messages().get(1).content())
                .containsExactly(
                        new ContentPart.Text("Where was this photo taken, and what is the weather there?"),
                        new ContentPart.Image("https://upload.example.org/photos/eiffel.jpg", "low"));
        assertThat(r.messages().get(1).name()).isEqualTo("alice");
        assertThat(r.messages().get(2).content()).isEmpty();
        assertThat(r.messages().get(2).toolCalls())
                .containsExactly(new ToolCall(
                        "call_Xq3VbT9kLmN2pR7sW1yZ4aC6", "get_weather", "{\"location\":\"Paris, France\"}"));
        assertThat(r.messages().get(3).toolCallId()).isEqualTo("call_Xq3VbT9kLmN2pR7sW1yZ4aC6");
        assertThat(r.maxTokens()).isEqualTo(300);
        assertThat(r.temperature()).isEqualTo(0.3);
        assertThat(r.topP()).isEqualTo(0.9);
        assertThat(r.stop()).containsExactly("\n\n\n");
        assertThat(r.seed()).isEqualTo(1234L);
        assertThat(r.n()).isEqualTo(1);
        assertThat(r.presencePenalty()).isEqualTo(0.1);
        assertThat(r.frequencyPenalty()).isEqualTo(0.2);
        assertThat(r.parallelToolCalls()).isFalse();
        assertThat(r.toolChoice()).isEqualTo(ToolChoice.function("get_weather"));
        assertThat(r.tools()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("get_weather");
            assertThat(t.strict()).isTrue();
            assertThat(t.parameters().at("/required/0").asText()).isEqualTo("location");
        });
        assertThat(r.responseFormat().type()).isEqualTo("json_schema");
        assertThat(r.responseFormat().name()).isEqualTo("answer");
        assertThat(r.responseFormat().strict()).isTrue();
        assertThat(r.reasoningEffort()).isNull();
        assertThat(r.user()).isEqualTo("user-1234");
        assertThat(r.metadata()).containsExactly(Map.entry("team", "travel"));
        assertThat(r.stream()).isTrue();
        assertThat(r.extraBody()).containsOnlyKeys("store", "service_tier", "logit_bias");
    }

    @Test
    void parsedRequestIsWrittenBackAsTheSameBody() {
        JsonNode sdk = Json.read(Fixtures.text("openai/request-sdk.json"));

        ObjectNode written = OpenAiWire.requestBody(OpenAiWire.parseRequest(sdk), OPENAI, true);

        ObjectNode expected = sdk.deepCopy();
        expected.remove(List.of("reasoning_effort", "metadata"));
        // compared as parsed text, so 0.3 written from a double equals 0.3 read as a decimal
        assertThat(Json.read(written.toString())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "{'model':'gpt-4o'}                                                        | messages                        | missing messages",
                "{'messages':[{'role':'user','content':'hi'}]}                             | model                           | missing model",
                "{'model':'gpt-4o','messages':[]}                                          | messages                        | empty messages",
                "{'model':'gpt-4o','messages':{'role':'user'}}                             | messages                        | messages not an array",
                "{'model':'gpt-4o','messages':[{'role':'user','content':'a'},{'role':'bot','content':'b'}]} | messages[1].role | unknown role",
                "{'model':'gpt-4o','messages':[{'content':'a'}]}                           | messages[0].role                | missing role",
                "{'model':'gpt-4o','messages':[{'role':'user','content':42}]}              | messages[0].content             | numeric content",
                "{'model':'gpt-4o','messages':[{'role':'user'}]}                           | messages[0].content             | missing content",
                "{'model':'gpt-4o','messages':[{'role':'user','content':[{'type':'text','text':'a'},{'type':'image_url','image_url':{}}]}]} | messages[0].content[1].image_url.url | image without url",
                "{'model':'gpt-4o','messages':[{'role':'user','content':[{'type':'input_audio'}]}]} | messages[0].content[0].type | unsupported part",
                "{'model':'gpt-4o','messages':[{'role':'tool','content':'r'}]}             | messages[0].tool_call_id        | tool without call id",
                "{'model':'gpt-4o','messages':[{'role':'assistant','content':null,'tool_calls':[{'id':'c','type':'function','function':{}}]}]} | messages[0].tool_calls[0].function.name | call without name",
                "{'model':'gpt-4o','messages':[{'role':'user','content':'a'}],'temperature':'hot'} | temperature             | string temperature",
                "{'model':'gpt-4o','messages':[{'role':'user','content':'a'}],'max_tokens':1.5}    | max_tokens              | fractional max_tokens",
                "{'model':'gpt-4o','messages':[{'role':'user','content':'a'}],'stop':['x',7]}      | stop[1]                 | numeric stop",
                "{'model':'gpt-4o','messages':[{'role':'user','content':'a'}],'tools':[{'type':'function','function':{'description':'d'}}]} | tools[0].function.name | tool without name",
                "{'model':'gpt-4o','messages':[{'role':'user','content':'a'}],'tool_choice':'always'}  | tool_choice         | unknown tool_choice",
                "{'model':'gpt-4o','messages':[{'role':'user','content':'a'}],'response_format':{'type':'yaml'}} | response_format.type | unknown format",
                "{'model':'gpt-4o','messages':[{'role':'user','content':'a'}],'stream':'yes'}      | stream                  | string stream",
            })
    void invalidRequestsNameTheFieldAtFault(String json, String param, String description) {
        JsonNode body = Json.read(json.replace('\'', '"'));

        InvalidRequestException e =
                catchThrowableOfType(InvalidRequestException.class, () -> OpenAiWire.parseRequest(body));

        assertThat(e).as(description).isNotNull();
        assertThat(e.param()).isEqualTo(param);
        assertThat(e.getMessage()).contains(param);
    }

    @Test
    void typeErrorsSayWhatWasExpectedAndWhatCame() {
        JsonNode body = Json.read("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],"
                + "\"temperature\":\"hot\"}");

        InvalidRequestException e =
                catchThrowableOfType(InvalidRequestException.class, () -> OpenAiWire.parseRequest(body));

        assertThat(e.getMessage())
                .isEqualTo("Invalid type for 'temperature': expected a number, but got a string " + "instead.");
    }

    static ChatRequest everything() {
        return ChatRequest.builder()
                .model("gpt-4o")
                .addMessage(new Message(Role.USER, List.of(new ContentPart.Text("Weather?")), List.of(), null, "alice"))
                .addMessage(Message.assistant(null, List.of(new ToolCall("call_1", "get_weather", "{}"))))
                .addMessage(Message.tool("call_1", "sunny"))
                .temperature(0.3)
                .topP(0.9)
                .maxTokens(200)
                .stop("END", "STOP")
                .seed(7L)
                .n(2)
                .presencePenalty(0.1)
                .frequencyPenalty(0.2)
                .tools(new ToolDefinition(
                        "get_weather",
                        "Current weather",
                        Json.read("{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}"),
                        true))
                .toolChoice(ToolChoice.function("get_weather"))
                .parallelToolCalls(false)
                .responseFormat(ResponseFormat.jsonSchema(
                        "answer",
                        Json.read(
                                "{\"type\":\"object\",\"properties\":"
                                        + "{\"place\":{\"type\":\"string\"}},\"required\":[\"place\"],\"additionalProperties\":false}"),
                        true))
                .reasoningEffort("low")
                .user("user-7")
                .build();
    }

    private static List<String> nullFields(JsonNode node, String path) {
        List<String> nulls = new ArrayList<>();
        if (node.isNull()) {
            nulls.add(path);
        } else if (node.isObject()) {
            node.properties().forEach(e -> nulls.addAll(nullFields(e.getValue(), path + "/" + e.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                nulls.addAll(nullFields(node.get(i), path + "/" + i));
            }
        }
        return nulls;
    }
}
