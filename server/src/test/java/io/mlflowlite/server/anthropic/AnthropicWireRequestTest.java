package io.mlflowlite.server.anthropic;

import static io.mlflowlite.provider.anthropic.AnthropicUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ContentPart;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.ToolChoice;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicWireRequestTest {

    static ChatRequest parseFixture(String name) {
        return AnthropicWire.parseRequest(json(Fixtures.text("anthropic/ingress/" + name)));
    }

    private static InvalidRequestException rejection(String body) {
        try {
            AnthropicWire.parseRequest(json(body));
        } catch (InvalidRequestException e) {
            return e;
        }
        throw new AssertionError("accepted: " + body);
    }

    @Test
    void readsThePlainJavaSdkRequest() {
        ChatRequest request = parseFixture("java-sdk-plain.json");

        assertThat(request.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(request.maxTokens()).isEqualTo(1024);
        assertThat(request.messages()).containsExactly(Message.user("Hello, Claude"));
        assertThat(request.stream()).isFalse();
        assertThat(request.extraBody()).isEmpty();
    }

    @Test
    void readsParallelToolResultsAsOneToolMessageEachThenTheUserText() {
        ChatRequest request = parseFixture("java-sdk-parallel-tool-results.json");

        assertThat(request.messages())
                .extracting(Message::role)
                .containsExactly(Role.SYSTEM, Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.TOOL, Role.USER);
        assertThat(request.messages())
                .extracting(Message::text)
                .containsExactly(
                        "You are a weather assistant.",
                        "Answer in one sentence.",
                        "What is the weather in Paris and Tokyo?",
                        "I'll check both cities.",
                        "18C, sunny",
                        "Error: Service unavailable",
                        "Also, should I bring an umbrella?");
        assertThat(request.messages().get(3).toolCalls())
                .containsExactly(
                        new ToolCall("toolu_01A", "get_weather", "{\"location\":\"Paris, France\"}"),
                        new ToolCall("toolu_01B", "get_weather", "{\"location\":\"Tokyo, Japan\"}"));
        assertThat(request.messages())
                .extracting(Message::toolCallId)
                .containsExactly(null, null, null, null, "toolu_01A", "toolu_01B", null);
    }

    @Test
    void readsSamplingToolsChoiceAndMetadataAndPassesTopKThrough() {
        ChatRequest request = parseFixture("java-sdk-parallel-tool-results.json");

        assertThat(request.temperature()).isEqualTo(0.2);
        assertThat(request.stop()).containsExactly("\n\nHuman:");
        assertThat(request.user()).isEqualTo("user-42");
        assertThat(request.toolChoice()).isEqualTo(ToolChoice.AUTO);
        assertThat(request.parallelToolCalls()).isFalse();
        assertThat(request.tools())
                .extracting(ToolDefinition::name, ToolDefinition::description)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "get_weather", "Get the current weather in a given location"));
        assertThat(request.tools().getFirst().parameters().at("/required/0").asText())
                .isEqualTo("location");
        assertThat(request.extraBody()).containsOnlyKeys("top_k");
        assertThat(((JsonNode) request.extraBody().get("top_k")).asInt()).isEqualTo(40);
    }

    @Test
    void readsBase64ImagesAsDataUrlsAndUrlImagesAsUrls() {
        ChatRequest request = parseFixture("java-sdk-images.json");

        List<ContentPart> parts = request.messages().getFirst().content();
        assertThat(parts).hasSize(3);
        ContentPart.Image inline = (ContentPart.Image) parts.get(0);
        assertThat(inline.url()).startsWith("data:image/png;base64,iVBORw0KGgo");
        assertThat(inline.mediaType()).isEqualTo("image/png");
        assertThat(parts.get(1))
                .isEqualTo(new ContentPart.Image(
                        "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg",
                        null));
        assertThat(parts.get(2)).isEqualTo(new ContentPart.Text("What is in these images?"));
    }

    @Test
    void readsTheStreamFlagAndAForcedTool() {
        ChatRequest request = parseFixture("java-sdk-stream-forced-tool.json");

        assertThat(request.stream()).isTrue();
        assertThat(request.toolChoice()).isEqualTo(ToolChoice.function("get_weather"));
        assertThat(request.parallelToolCalls()).isNull();
    }

    @Test
    void readsToolChoiceAnyAsRequiredAndNoneAsNone() {
        assertThat(parseFixture("python-sdk-tool-choice-any.json").toolChoice()).isEqualTo(ToolChoice.REQUIRED);
        assertThat(parseFixture("python-sdk-tool-choice-none.json").toolChoice())
                .isEqualTo(ToolChoice.NONE);
    }

    @Test
    void dropsThinkingBlocksKeepsToolResultImagesAndPassesThinkingConfigThrough() {
        ChatRequest request = parseFixture("python-sdk-tool-result-blocks-thinking.json");

        assertThat(request.messages())
                .extracting(Message::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL);
        Message assistant = request.messages().get(2);
        assertThat(assistant.content()).isEmpty();
        assertThat(assistant.toolCalls())
                .containsExactly(new ToolCall(
                        "toolu_01NRLabsLyVHZPKxbKvkfSMn",
                        "render_chart",
                        "{\"city\":\"Paris\",\"metric\":\"temperature\",\"hours\":[6,12,18]}"));
        Message result = request.messages().get(3);
        assertThat(result.toolCallId()).isEqualTo("toolu_01NRLabsLyVHZPKxbKvkfSMn");
        assertThat(result.text()).startsWith("Rendered chart");
        assertThat(result.hasImages()).isTrue();
        assertThat(request.topP()).isEqualTo(0.9);
        assertThat(request.stream()).isTrue();
        assertThat(request.extraBody()).containsOnlyKeys("thinking");
    }

    /**
     * Anthropic's Messages API rejects a system turn as the first entry of messages (the system prompt is the
     * top-level system field) and accepts one later in the conversation (mid-conversation system messages).
     */
    @Test
    void refusesASystemTurnOpeningMessagesAndPointsAtTheTopLevelSystemField() {
        InvalidRequestException e = rejection("""
                {"model":"m","max_tokens":5,"messages":[{"role":"system","content":[{"type":"text","text":"Be brief."}]},
                {"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"user","content":"Bye"}]}""");

        assertThat(e.param()).isEqualTo("messages[0].role");
        assertThat(e.getMessage()).contains("messages[0].role").contains("top-level system field");
    }

    @Test
    void keepsAMidConversationSystemTurnAtItsPlace() {
        ChatRequest request = AnthropicWire.parseRequest(json("""
                {"model":"m","max_tokens":5,"system":"Be brief.","messages":[{"role":"user","content":"Hi"},
                {"role":"assistant","content":"Hello"},{"role":"user","content":"Bye"},
                {"role":"system","content":[{"type":"text","text":"Answer in French from now on."}]}]}"""));

        assertThat(request.messages())
                .containsExactly(
                        Message.system("Be brief."),
                        Message.user("Hi"),
                        Message.assistant("Hello"),
                        Message.user("Bye"),
                        Message.system("Answer in French from now on."));
    }

    @Test
    void refusesTwoSystemTurnsInARow() {
        InvalidRequestException e = rejection("""
                {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"Hi"},
                {"role":"system","content":"One."},{"role":"system","content":"Two."}]}""");

        assertThat(e.param()).isEqualTo("messages[2].role");
        assertThat(e.getMessage()).contains("messages[2].role").contains("merge");
    }

    @Test
    void requiresMaxTokensAndNamesIt() {
        InvalidRequestException e = rejection("""
                {"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(e.param()).isEqualTo("max_tokens");
        assertThat(e.getMessage()).contains("max_tokens").contains("required");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{'max_tokens':5,'messages':[{'role':'user','content':'x'}]}|model",
                "{'model':'m','max_tokens':'5','messages':[{'role':'user','content':'x'}]}|max_tokens",
                "{'model':'m','max_tokens':0,'messages':[{'role':'user','content':'x'}]}|max_tokens",
                "{'model':'m','max_tokens':5}|messages",
                "{'model':'m','max_tokens':5,'messages':[]}|messages",
                "{'model':'m','max_tokens':5,'messages':[{'role':'tool','content':'x'}]}|messages[0].role",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user'}]}|messages[0].content",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[]}]}|messages[0].content",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':'a'},{'role':'user','content':[{'type':'document','source':{}}]}]}|messages[1].content[0].type",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'text'}]}]}|messages[0].content[0].text",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'tool_use','id':'a','name':'b','input':{}}]}]}|messages[0].content[0].type",
                "{'model':'m','max_tokens':5,'messages':[{'role':'assistant','content':[{'type':'tool_use','id':'a','name':'b','input':'{}'}]}]}|messages[0].content[0].input",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'tool_result','content':'x'}]}]}|messages[0].content[0].tool_use_id",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'tool_result','tool_use_id':'t','content':[{'type':'document'}]}]}]}|messages[0].content[0].content[0].type",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'image','source':{'type':'file','file_id':'f'}}]}]}|messages[0].content[0].source.type",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'image','source':{'type':'base64','data':'AA=='}}]}]}|messages[0].content[0].source.media_type",
                "{'model':'m','max_tokens':5,'system':[{'type':'image'}],'messages':[{'role':'user','content':'x'}]}|system[0].type",
                "{'model':'m','max_tokens':5,'system':7,'messages':[{'role':'user','content':'x'}]}|system",
                "{'model':'m','max_tokens':5,'temperature':'hot','messages':[{'role':'user','content':'x'}]}|temperature",
                "{'model':'m','max_tokens':5,'top_k':1.5,'messages':[{'role':'user','content':'x'}]}|top_k",
                "{'model':'m','max_tokens':5,'stop_sequences':['a',1],'messages':[{'role':'user','content':'x'}]}|stop_sequences[1]",
                "{'model':'m','max_tokens':5,'tools':[{'name':'f'}],'messages':[{'role':'user','content':'x'}]}|tools[0].input_schema",
                "{'model':'m','max_tokens':5,'tools':[{'type':'web_search_20250305','name':'web_search'}],'messages':[{'role':'user','content':'x'}]}|tools[0].type",
                "{'model':'m','max_tokens':5,'tool_choice':{'type':'required'},'messages':[{'role':'user','content':'x'}]}|tool_choice.type",
                "{'model':'m','max_tokens':5,'tool_choice':{'type':'tool'},'messages':[{'role':'user','content':'x'}]}|tool_choice.name",
                "{'model':'m','max_tokens':5,'metadata':{'session':'s'},'messages':[{'role':'user','content':'x'}]}|metadata.session",
            })
    void namesTheFieldAtFault(String body, String param) {
        assertThat(rejection(body.replace('\'', '"')).param()).isEqualTo(param);
    }

    @Test
    void rejectsABodyThatIsNotAnObject() {
        assertThatThrownBy(() -> AnthropicWire.parseRequest(json("[1]"))).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void passesUnknownFieldsThroughUnchanged() {
        ChatRequest request = AnthropicWire.parseRequest(json("""
                {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"service_tier":"auto",
                 "container":"container_011CPR5CNjB747bTd36fQLFk","metadata":{"user_id":null}}"""));

        assertThat(request.extraBody()).containsOnlyKeys("service_tier", "container");
        assertThat(request.extraBody().get("service_tier")).isEqualTo(json("\"auto\""));
        assertThat(request.user()).isNull();
    }
}
