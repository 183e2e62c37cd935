package io.mlflowlite.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One recorded provider answer to replay: a transcript in the provider's own wire format under
 * {@code replay/<provider>/} on the test classpath ({@code <case>.json} for a whole body, {@code <case>.sse} for an
 * event stream) and what an application must see after it crossed the gateway, {@code <case>.expect.json}:
 *
 * <pre>{@code
 * {"content": "…", "finish_reason": "stop", "id": "…", "model": "…",
 *  "tool_calls": [{"id": "…", "name": "…", "arguments": {…}}],
 *  "usage": {"prompt_tokens": 1, "completion_tokens": 2, "cached_tokens": 0, "estimated": false, …},
 *  "message": {extension fields of the OpenAI message, compared as a subset},
 *  "streamed_arguments": ["{}", null], "finish_chunks": 1, "role_deltas": 1,
 *  "http_status": 529, "error": {"status": 529, "retryable": true, "type": "…", "after_output": false}}
 * }</pre>
 *
 * Every key is optional; what is absent is not checked. Immutable.
 *
 * @param provider   the directory: {@code anthropic}, {@code openai} or {@code gemini}
 * @param name       the file name, such as {@code text.sse}
 * @param transcript the file's text, exactly as the provider sent it
 * @param expect     the expectations
 */
public record ReplayCase(String provider, String name, String transcript, JsonNode expect) {

    /** Whether the transcript is an event stream. */
    public boolean streamed() {
        return name.endsWith(".sse");
    }

    /** The HTTP status the upstream answers with: {@code http_status}, else 200. */
    public int httpStatus() {
        return expect.path("http_status").asInt(200);
    }

    /** Whether the case ends in an error rather than an answer. */
    public boolean failing() {
        return expect.has("error");
    }

    /** The upstream's answer, sent whole or, when {@code pieceSize > 0}, as chunks of that many characters. */
    public MockResponse response(int pieceSize) {
        if (!streamed()) {
            return MockResponse.json(httpStatus(), transcript);
        }
        return pieceSize <= 0
                ? MockResponse.sseTranscript(transcript)
                : MockResponse.sse(pieces(transcript, pieceSize).toArray(String[]::new));
    }

    @Override
    public String toString() {
        return provider + "/" + name;
    }

    /** Every case under {@code replay/} on the classpath, in name order. */
    public static List<ReplayCase> all() {
        URL root = Objects.requireNonNull(
                Thread.currentThread().getContextClassLoader().getResource("replay"),
                "no replay/ directory on the test classpath");
        try (Stream<Path> files = Files.walk(Path.of(root.toURI()))) {
            List<ReplayCase> cases = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".expect.json") || !(name.endsWith(".json") || name.endsWith(".sse"))) {
                    continue;
                }
                String base = name.substring(0, name.lastIndexOf('.'));
                Path expect = file.resolveSibling(base + ".expect.json");
                cases.add(new ReplayCase(
                        file.getParent().getFileName().toString(),
                        name,
                        Files.readString(file),
                        Json.MAPPER.readTree(Files.readString(expect))));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code text} cut every {@code size} characters (never inside a surrogate pair). */
    public static List<String> pieces(String text, int size) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + size);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end++;
            }
            pieces.add(text.substring(start, end));
            start = end;
        }
        return pieces;
    }

    /**
     * What differs between the expectations and what the application saw: {@code completion} is the answer as
     * OpenAI's {@code chat.completion} JSON (accumulated from the stream when streamed), {@code chunks} the
     * {@code chat.completion.chunk}s of a stream (empty otherwise). Empty when everything matches.
     */
    public List<String> mismatches(JsonNode completion, List<JsonNode> chunks) {
        List<String> problems = new ArrayList<>();
        JsonNode message = completion.at("/choices/0/message");
        same(problems, "id", expect.get("id"), completion.get("id"));
        same(problems, "model", expect.get("model"), completion.get("model"));
        if (expect.has("content")) {
            String content = message.path("content").isNull()
                    ? ""
                    : message.path("content").asText();
            same(
                    problems,
                    "content",
                    expect.get("content"),
                    Json.MAPPER.getNodeFactory().textNode(content));
        }
        same(problems, "finish_reason", expect.get("finish_reason"), completion.at("/choices/0/finish_reason"));
        JsonNode calls = expect.get("tool_calls");
        if (calls != null) {
            JsonNode actual = message.path("tool_calls");
            if (actual.size() != calls.size()) {
                problems.add("tool_calls: expected " + calls.size() + ", got " + actual);
            } else {
                for (int i = 0; i < calls.size(); i++) {
                    same(
                            problems,
                            "tool_calls[" + i + "].id",
                            calls.get(i).get("id"),
                            actual.get(i).get("id"));
                    same(
                            problems,
                            "tool_calls[" + i + "].name",
                            calls.get(i).get("name"),
                            actual.get(i).at("/function/name"));
                    same(
                            problems,
                            "tool_calls[" + i + "].arguments",
                            calls.get(i).get("arguments"),
                            parse(actual.get(i).at("/function/arguments").asText()));
                }
            }
        }
        JsonNode usage = expect.get("usage");
        if (usage != null) {
            JsonNode actual = completion.path("usage");
            for (Iterator<Map.Entry<String, JsonNode>> it = usage.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = switch (field.getKey()) {
                    case "cached_tokens" -> actual.at("/prompt_tokens_details/cached_tokens");
                    case "cache_write_tokens" -> actual.at("/prompt_tokens_details/cache_write_tokens");
                    case "reasoning_tokens" -> actual.at("/completion_tokens_details/reasoning_tokens");
                    case "estimated" ->
                        actual.path("estimated").isMissingNode()
                                ? Json.MAPPER.getNodeFactory().booleanNode(false)
                                : actual.get("estimated");
                    default -> actual.get(field.getKey());
                };
                if ("cache_write_tokens".equals(field.getKey()) && value.isMissingNode()) {
                    value = Json.MAPPER.getNodeFactory().numberNode(0);
                }
                same(problems, "usage." + field.getKey(), field.getValue(), value);
            }
        }
        JsonNode fields = expect.get("message");
        if (fields != null) {
            fields.fields()
                    .forEachRemaining(
                            f -> same(problems, "message." + f.getKey(), f.getValue(), message.get(f.getKey())));
        }
        if (!chunks.isEmpty()) {
            checkChunks(problems, chunks);
        }
        return problems;
    }

    private void checkChunks(List<String> problems, List<JsonNode> chunks) {
        if (expect.has("finish_chunks")) {
            long finishes = chunks.stream()
                    .filter(c -> c.at("/choices/0/finish_reason").isTextual())
                    .count();
            if (finishes != expect.get("finish_chunks").asLong()) {
                problems.add("finish_reason sent on " + finishes + " chunks, expected "
                        + expect.get("finish_chunks").asLong());
            }
        }
        if (expect.has("role_deltas")) {
            long roles = chunks.stream()
                    .filter(c -> c.at("/choices/0/delta/role").isTextual())
                    .count();
            if (roles != expect.get("role_deltas").asLong()) {
                problems.add("role sent on " + roles + " chunks, expected "
                        + expect.get("role_deltas").asLong());
            }
        }
        JsonNode streamed = expect.get("streamed_arguments");
        if (streamed != null) {
            for (int i = 0; i < streamed.size(); i++) {
                if (streamed.get(i).isNull()) {
                    continue;
                }
                StringBuilder joined = new StringBuilder();
                for (JsonNode chunk : chunks) {
                    for (JsonNode call : chunk.at("/choices/0/delta/tool_calls")) {
                        if (call.path("index").asInt() == i
                                && call.at("/function/arguments").isTextual()) {
                            joined.append(call.at("/function/arguments").asText());
                        }
                    }
                }
                if (!joined.toString().equals(streamed.get(i).asText())) {
                    problems.add("streamed arguments of call " + i + ": expected " + streamed.get(i) + ", got '"
                            + joined + "'");
                }
            }
        }
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return Json.MAPPER.getNodeFactory().textNode("<invalid JSON> " + text);
        }
    }

    private static void same(List<String> problems, String what, JsonNode expected, JsonNode actual) {
        if (expected == null) {
            return;
        }
        if (actual == null || !numbersAsEqual(expected, actual)) {
            problems.add(what + ": expected " + expected + ", got " + actual);
        }
    }

    private static boolean numbersAsEqual(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        if (expected.isObject() && actual.isObject()) {
            if (expected.size() != actual.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!actual.has(e.getKey()) || !numbersAsEqual(e.getValue(), actual.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                return false;
            }
            for (int i = 0; i < expected.size(); i++) {
                if (!numbersAsEqual(expected.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return expected.equals(actual);
    }
}
