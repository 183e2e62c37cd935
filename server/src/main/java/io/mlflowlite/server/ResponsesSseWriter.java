package io.mlflowlite.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Re-frames one call's chat chunks as the Responses API's typed event stream: {@code response.created} and
 * {@code response.in_progress}; per output item {@code response.output_item.added}, then for a message
 * {@code response.content_part.added}, {@code response.output_text.delta}… {@code response.output_text.done},
 * {@code response.content_part.done}, or for a function call {@code response.function_call_arguments.delta}…
 * {@code .done}; then {@code response.output_item.done}; finally {@code response.completed} (or
 * {@code response.incomplete}) carrying the whole response, or {@code response.failed}. Every event has its
 * {@code sequence_number}; there is no {@code [DONE]}.
 *
 * <p>Only choice 0 is relayed (the Responses API has no {@code n}). Items are closed in the order they were
 * opened, when the stream ends, so a message's text and the calls after it keep OpenAI's output order. Used by
 * one request's thread.
 */
final class ResponsesSseWriter {
    private final String id;
    private final long createdAt;
    private final String model;
    private final ResponsesRequest request;
    private final Consumer<byte[]> out;
    private int sequence;
    private final List<Item> items = new ArrayList<>();
    private Item message;
    private final Map<Integer, Item> callsByIndex = new LinkedHashMap<>();

    /** One output item being streamed: a message (text) or a function call (arguments). */
    private static final class Item {
        final int outputIndex;
        final String id;
        final boolean isMessage;
        final String callId;
        final String name;
        final StringBuilder text = new StringBuilder();
        boolean done;

        Item(int outputIndex, String id, boolean isMessage, String callId, String name) {
            this.outputIndex = outputIndex;
            this.id = id;
            this.isMessage = isMessage;
            this.callId = callId;
            this.name = name;
        }

        ObjectNode json(String status) {
            return isMessage
                    ? ResponsesWire.messageItem(id, status, status.equals("completed") ? text.toString() : null)
                    : ResponsesWire.functionCallItem(
                            id, callId, name, status.equals("completed") ? text.toString() : "", status);
        }
    }

    ResponsesSseWriter(String id, long createdAt, String model, ResponsesRequest request, Consumer<byte[]> out) {
        this.id = id;
        this.createdAt = createdAt;
        this.model = model;
        this.request = request;
        this.out = out;
    }

    /** The opening events: the response exists and is being generated. */
    void start() {
        ObjectNode created = ResponsesWire.shell(id, createdAt, model, request, "in_progress");
        emit(event("response.created").set("response", created));
        emit(event("response.in_progress").set("response", created));
    }

    void onChunk(ChatChunk chunk) {
        for (ChatChunk.Delta delta : chunk.choices()) {
            if (delta.index() != 0) {
                continue;
            }
            if (delta.content() != null && !delta.content().isEmpty()) {
                text(delta.content());
            }
            for (ChatChunk.ToolCallDelta call : delta.toolCalls()) {
                toolCall(call);
            }
        }
    }

    private void text(String delta) {
        openMessage();
        message.text.append(delta);
        emit(partEvent("response.output_text.delta", message)
                .put("delta", delta)
                .set("logprobs", Json.array()));
    }

    private void openMessage() {
        if (message == null) {
            message = open(new Item(items.size(), ResponsesWire.newId("msg"), true, null, null));
            emit(partEvent("response.content_part.added", message).set("part", ResponsesWire.outputText("")));
        }
    }

    private void toolCall(ChatChunk.ToolCallDelta delta) {
        Item call = callsByIndex.get(delta.index());
        if (call == null) {
            String callId = delta.id() != null
                    ? delta.id()
                    : "call_" + ResponsesWire.newId("fc").substring(3, 27);
            call = open(new Item(
                    items.size(), ResponsesWire.newId("fc"), false, callId, delta.name() == null ? "" : delta.name()));
            callsByIndex.put(delta.index(), call);
        }
        if (delta.arguments() != null && !delta.arguments().isEmpty()) {
            call.text.append(delta.arguments());
            emit(itemEvent("response.function_call_arguments.delta", call).put("delta", delta.arguments()));
        }
    }

    private Item open(Item item) {
        items.add(item);
        emit(event("response.output_item.added")
                .put("output_index", item.outputIndex)
                .set("item", item.json("in_progress")));
        return item;
    }

    /** The closing events once the call succeeded: every item done, then the whole response. */
    void finish(ChatResponse response) {
        if (items.isEmpty()) {
            openMessage(); // a call that produced nothing still answers with an (empty) message, as the JSON form does
        }
        closeItems();
        ArrayNode output = Json.array();
        items.forEach(item -> output.add(item.json("completed")));
        ObjectNode whole = ResponsesWire.finished(
                id, createdAt, model, request, response.finishReason(), output, response.usage());
        String type = whole.path("status").asText().equals("incomplete") ? "response.incomplete" : "response.completed";
        emit(event(type).set("response", whole));
    }

    /** The closing event of a call that failed after the stream started. */
    void fail(ApiError error) {
        ArrayNode output = Json.array();
        items.stream().filter(item -> item.done).forEach(item -> output.add(item.json("completed")));
        emit(event("response.failed")
                .set("response", ResponsesWire.failed(id, createdAt, model, request, error, output)));
    }

    private void closeItems() {
        for (Item item : items) {
            if (item.isMessage) {
                emit(partEvent("response.output_text.done", item)
                        .put("text", item.text.toString())
                        .set("logprobs", Json.array()));
                emit(partEvent("response.content_part.done", item)
                        .set("part", ResponsesWire.outputText(item.text.toString())));
            } else {
                emit(itemEvent("response.function_call_arguments.done", item)
                        .put("name", item.name)
                        .put("arguments", item.text.toString()));
            }
            item.done = true;
            emit(event("response.output_item.done")
                    .put("output_index", item.outputIndex)
                    .set("item", item.json("completed")));
        }
    }

    private ObjectNode itemEvent(String type, Item item) {
        return event(type).put("item_id", item.id).put("output_index", item.outputIndex);
    }

    private ObjectNode partEvent(String type, Item item) {
        return itemEvent(type, item).put("content_index", 0);
    }

    private ObjectNode event(String type) {
        ObjectNode event = Json.object();
        event.put("type", type);
        event.put("sequence_number", sequence++);
        return event;
    }

    private void emit(com.fasterxml.jackson.databind.JsonNode event) {
        String framed = "event: " + event.path("type").asText() + "\ndata: " + event + "\n\n";
        out.accept(framed.getBytes(StandardCharsets.UTF_8));
    }
}
