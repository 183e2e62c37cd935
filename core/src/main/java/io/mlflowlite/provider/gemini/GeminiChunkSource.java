package io.mlflowlite.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.ReasoningBlock;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.internal.http.ProviderErrors;
import io.mlflowlite.internal.http.SseConnection;
import io.mlflowlite.internal.http.SseEvent;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.ProviderCall;
import io.mlflowlite.provider.UrlCitations;
import java.net.http.HttpHeaders;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns {@code streamGenerateContent?alt=sse} into {@link ChatChunk}s. Every {@code data:} event is a whole
 * {@code GenerateContentResponse} holding the next piece of each candidate. Gemini sends no terminal event: the
 * stream ended normally only if a candidate carried a {@code finishReason} (or the prompt was blocked) before the
 * body ended.
 *
 * <p>Vertex AI repeats {@code finishReason} on every chunk, so a chunk carrying one is held back until the next
 * event shows whether more follows: the finish reason (and the usage, and the candidate's finish fields) goes
 * out once, on the last chunk. An {@code {"error": …}} body after the headers, as a {@code data:} event or as
 * bare JSON lines, is thrown as the error it describes, never read as the end of a complete answer. Function
 * calls are put together by {@link FunctionCallMerger}. One consumer thread.
 */
final class GeminiChunkSource implements ChunkSource {
    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (name, value) -> true);

    /** One candidate's state across chunks. */
    private static final class Candidate {
        final FunctionCallMerger calls = new FunctionCallMerger(0);
        boolean started;
        boolean content;
        final StringBuilder text = new StringBuilder();
        String finish;
        JsonNode last;
    }

    private final SseConnection connection;
    private final ProviderCall call;
    private final String provider;
    private final long created = GeminiResponses.nowSeconds();
    private final Map<Integer, Candidate> candidates = new TreeMap<>();
    private String id;
    private String model;
    private Usage usage;
    private boolean blocked;
    private final ArrayDeque<ChatChunk> ready = new ArrayDeque<>();
    private ChatChunk held;
    private boolean ended;
    private boolean closed;

    GeminiChunkSource(SseConnection connection, ProviderCall call) {
        this.connection = connection;
        this.call = call;
        this.provider = call.deployment().provider();
    }

    @Override
    public ChatChunk next() {
        if (!ready.isEmpty()) {
            return ready.poll();
        }
        if (closed || ended) {
            close();
            return null;
        }
        try {
            while (true) {
                SseEvent event = connection.next(call.waitBudget());
                throwStrayError();
                if (event == null) {
                    ended = true;
                    close();
                    return last();
                }
                if (event.data().isBlank()) {
                    continue;
                }
                ChatChunk chunk = toChunk(Json.parse(event.data(), provider));
                if (chunk == null) {
                    continue;
                }
                // more came after a chunk held back because something had finished: that one was not the last
                ChatChunk previous = held;
                held = null;
                if (finishesSomething()) {
                    held = chunk;
                    if (previous != null) {
                        return previous;
                    }
                    continue;
                }
                if (previous != null) {
                    ready.add(chunk);
                    return previous;
                }
                return chunk;
            }
        } catch (RuntimeException failure) {
            close();
            throw failure;
        }
    }

    private boolean finishesSomething() {
        return blocked || candidates.values().stream().anyMatch(c -> c.finish != null);
    }

    /** An {@code {"error": …}} body sent as bare JSON lines rather than as a {@code data:} event. */
    private void throwStrayError() {
        String stray = connection.takeStrayText().strip();
        if (stray.startsWith("{") || stray.startsWith("[")) {
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(stray);
            } catch (Exception notJson) {
                return; // not a body we can read: the truncation check still catches a stream cut short
            }
            JsonNode first = body.isArray() && !body.isEmpty() ? body.get(0) : body;
            throwIfError(first);
        }
    }

    private void throwIfError(JsonNode body) {
        JsonNode error = body.get("error");
        if (error != null && error.isObject()) {
            // an error after the 200 headers arrives in Google's error shape
            int status = error.path("code").asInt(500);
            throw ProviderErrors.fromResponse(provider, status, NO_HEADERS, body.toString());
        }
    }

    /** The chunk for one event (without finish reasons: those go on the last chunk), or null when empty. */
    private ChatChunk toChunk(JsonNode body) {
        throwIfError(body);
        if (id == null) {
            id = GeminiResponses.responseId(body);
            model = GeminiResponses.model(body, call.deployment());
        }
        Usage reported = GeminiResponses.usage(body);
        usage = reported != null ? reported : usage; // every chunk repeats the usage so far
        List<ChatChunk.Delta> deltas = new ArrayList<>();
        JsonNode list = body.path("candidates");
        for (int position = 0; position < list.size(); position++) {
            ChatChunk.Delta delta = delta(list.get(position), position);
            if (delta != null) {
                deltas.add(delta);
            }
        }
        if (list.isEmpty() && GeminiResponses.blockReason(body) != null) {
            blocked = true;
        }
        return deltas.isEmpty() && !blocked ? null : new ChatChunk(id, created, model, deltas, Optional.empty());
    }

    private ChatChunk.Delta delta(JsonNode json, int position) {
        int index = GeminiResponses.index(json, position);
        Candidate candidate = candidates.computeIfAbsent(index, i -> new Candidate());
        GeminiResponses.Parts parts = GeminiResponses.parts(json, candidate.calls);
        String reason = Json.text(json, "finishReason");
        if (reason != null && !reason.isEmpty()) {
            candidate.finish = reason;
        }
        candidate.last = json;
        List<ChatChunk.ToolCallDelta> calls = new ArrayList<>();
        parts.numberedCalls()
                .forEach(n -> calls.add(new ChatChunk.ToolCallDelta(
                        n.ordinal(), n.call().id(), n.call().name(), n.call().arguments())));
        String text = parts.text() == null || parts.text().isEmpty() ? null : parts.text();
        if (text != null) {
            candidate.text.append(text);
        }
        ChatChunk.Extras extras = extras(parts);
        boolean output = text != null || !calls.isEmpty() || !extras.isEmpty();
        if (!output && candidate.started) {
            return null;
        }
        candidate.content |=
                text != null || !calls.isEmpty() || !parts.codeExecution().isEmpty();
        Role role = candidate.started ? null : Role.ASSISTANT;
        candidate.started = true;
        return new ChatChunk.Delta(index, role, text, calls, null, extras);
    }

    private static ChatChunk.Extras extras(GeminiResponses.Parts parts) {
        List<ChatChunk.ReasoningDelta> reasoning = parts.thoughts() == null
                ? List.of()
                : List.of(new ChatChunk.ReasoningDelta(0, ReasoningBlock.THINKING, parts.thoughts(), null, null));
        Map<String, JsonNode> fields = parts.codeExecution().isEmpty()
                ? Map.of()
                : Map.of(GeminiResponses.CODE_EXECUTION, parts.codeExecution());
        return reasoning.isEmpty() && fields.isEmpty()
                ? ChatChunk.Extras.NONE
                : new ChatChunk.Extras(null, reasoning, fields);
    }

    /** At the end of the body: the held chunk with every finish added, or a finishing chunk of its own. */
    private ChatChunk last() {
        if (!finishesSomething()) {
            throw new MalformedResponseException(provider + " stream ended before any candidate finished (truncated)");
        }
        Map<Integer, ChatChunk.Delta> byIndex = new LinkedHashMap<>();
        if (held != null) {
            held.choices().forEach(d -> byIndex.put(d.index(), d));
        }
        List<ChatChunk.Delta> deltas = new ArrayList<>();
        if (blocked && candidates.isEmpty()) {
            deltas.add(new ChatChunk.Delta(0, Role.ASSISTANT, null, List.of(), FinishReason.CONTENT_FILTER));
        }
        for (Map.Entry<Integer, Candidate> entry : candidates.entrySet()) {
            deltas.add(finish(entry.getKey(), entry.getValue(), byIndex.remove(entry.getKey())));
        }
        deltas.addAll(byIndex.values());
        String chunkId = held != null ? held.id() : id;
        return new ChatChunk(chunkId, created, model, deltas, Optional.ofNullable(usage));
    }

    private ChatChunk.Delta finish(int index, Candidate candidate, ChatChunk.Delta held) {
        List<ChatChunk.ToolCallDelta> calls = new ArrayList<>(held == null ? List.of() : held.toolCalls());
        FunctionCallMerger.Numbered open = candidate.calls.flush();
        if (open != null) {
            calls.add(new ChatChunk.ToolCallDelta(
                    open.ordinal(),
                    open.call().id(),
                    open.call().name(),
                    open.call().arguments()));
            candidate.content = true;
        }
        JsonNode json = candidate.last;
        if (!candidate.content && GeminiFinish.isError(candidate.finish)) {
            throw GeminiFinish.failure(provider, candidate.finish, Json.text(json, "finishMessage"));
        }
        FinishReason reason = candidate.finish == null
                ? FinishReason.STOP
                : GeminiFinish.reason(candidate.finish, candidate.calls.count() > 0);
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        ChatChunk.Extras heldExtras = held == null ? ChatChunk.Extras.NONE : held.extras();
        fields.putAll(heldExtras.fields());
        fields.putAll(GeminiFinish.fields(json));
        ArrayNode annotations = GeminiFinish.annotations(json, candidate.text.toString());
        if (annotations != null) {
            fields.put(UrlCitations.FIELD, annotations);
        }
        return new ChatChunk.Delta(
                index,
                held == null ? null : held.role(),
                held == null ? null : held.content(),
                calls,
                reason,
                new ChatChunk.Extras(null, heldExtras.reasoning(), fields));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            connection.close();
        }
    }
}
