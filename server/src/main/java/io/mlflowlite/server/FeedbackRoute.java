package io.mlflowlite.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.tracing.Assessment;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceJson;
import io.mlflowlite.tracing.TraceStoreException;
import io.mlflowlite.tracing.Tracing;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/feedback}: attaches a user's feedback to the trace of a call this gateway served, as an
 * assessment in the trace store. The body is {@code {"trace_id", "name", "value", "comment"?, "source"?}}; the
 * answer is 201 with the stored assessment.
 *
 * <p>The trace must be known: recorded by this server (its newest traces are in memory from the moment the call
 * ended, before the asynchronous writer stores them), or in the store (written by any replica sharing it) — after
 * waiting up to {@value #FLUSH_SECONDS} s for this server's writer to store what it has queued. Anything else is
 * 404, so a typo does not leave feedback no trace will ever show. A stream's trace is known once the stream ended.
 * With API keys, feedback needs a valid key, and a key sees only the traces of its own calls (another key's
 * trace is 404, as if it did not exist). Thread-safe.
 */
final class FeedbackRoute implements Route.Handler {
    static final String PATH = "/v1/feedback";
    static final int FLUSH_SECONDS = 2;
    /** Assessment metadata: the request that logged it, for the server log. */
    static final String REQUEST_ID = "mlflowlite.request_id";

    private static final Pattern TRACE_ID = Pattern.compile("tr-[0-9a-f]{32}");
    private static final Set<String> FIELDS = Set.of("trace_id", "name", "value", "comment", "source");
    private static final int MAX_NAME = 256;

    private final Gateway gateway;
    private final JsonBody bodies;

    FeedbackRoute(Gateway gateway, JsonBody bodies) {
        this.gateway = gateway;
        this.bodies = bodies;
    }

    @Override
    public void handle(Exchange exchange, RequestScope scope) {
        JsonNode body = bodies.read(exchange);
        scope.admit(null);
        String traceId = requiredText(body, "trace_id");
        if (!TRACE_ID.matcher(traceId).matches()) {
            throw new ApiException(ApiError.invalidRequest(
                    "'trace_id' must be a trace id such as tr-0123456789abcdef0123456789abcdef (the "
                            + ResponseHeaders.TRACE_ID + " header of the call), got '" + abbreviate(traceId) + "'.",
                    "trace_id"));
        }
        String name = requiredText(body, "name");
        if (name.length() > MAX_NAME) {
            throw new ApiException(ApiError.invalidRequest(
                    "'name' must be at most " + MAX_NAME + " characters (such as 'thumbs_up').", "name"));
        }
        Object value = value(body);
        String comment = optionalText(body, "comment");
        String source = optionalText(body, "source");
        for (var fields = body.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!FIELDS.contains(field)) {
                throw new ApiException(ApiError.invalidRequest(
                        "Unknown field '" + field + "': feedback takes trace_id, name, value, comment and source.",
                        field));
            }
        }

        Tracing tracing = gateway.tracing();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(REQUEST_ID, scope.requestId);
        metadata.putAll(scope.labels());
        Feedback feedback = new Feedback(
                name,
                value,
                comment,
                source == null || source.isBlank() ? "HUMAN" : "HUMAN:" + source.strip(),
                Feedback.Status.OK,
                metadata);
        Assessment stored;
        try {
            Optional<Trace> trace = tracing.findTrace(traceId, Duration.ofSeconds(FLUSH_SECONDS));
            if (trace.isEmpty() || !ownedBy(trace.get(), scope.labels())) {
                throw notFound(traceId);
            }
            stored = tracing.logAssessment(traceId, feedback);
        } catch (NoSuchElementException e) {
            throw notFound(traceId);
        } catch (ConfigurationException e) {
            throw new ApiException(ApiError.of(
                    503,
                    "api_error",
                    "feedback_unavailable",
                    "This gateway keeps no traces, so it cannot keep feedback on them: " + e.getMessage() + "."));
        } catch (TraceStoreException e) {
            throw new ApiException(ApiError.of(
                    503,
                    "api_error",
                    "trace_store_unavailable",
                    "The trace store is unavailable; send the feedback again later. " + e.getMessage()));
        }
        exchange.send(201, "application/json", JsonBody.bytes(TraceJson.assessmentJson(stored)));
    }

    /** Without keys every trace is anyone's; with keys, a trace made with a key is that key's alone. */
    private static boolean ownedBy(Trace trace, Map<String, String> labels) {
        String key = labels.get(KeyAdmission.KEY_ID_LABEL);
        String owner = trace.info().tags().get(KeyAdmission.KEY_ID_LABEL);
        return key == null || owner == null || owner.equals(key);
    }

    private static ApiException notFound(String traceId) {
        return new ApiException(new ApiError(
                404,
                "invalid_request_error",
                "trace_not_found",
                "trace_id",
                "No trace " + traceId + " on this gateway: send the trace id of a call it served (the "
                        + ResponseHeaders.TRACE_ID + " response header); a streamed call's trace exists once its "
                        + "stream ended.",
                Map.of()));
    }

    private static Object value(JsonNode body) {
        JsonNode node = body.get("value");
        if (node == null || node.isNull()) {
            throw new ApiException(ApiError.invalidRequest(
                    "'value' is required: true/false, a number or a string (such as true for a thumbs-up).", "value"));
        }
        if (!(node.isBoolean() || node.isNumber() || node.isTextual())) {
            throw new ApiException(ApiError.invalidRequest(
                    "'value' must be true/false, a number or a string, not a JSON "
                            + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ".",
                    "value"));
        }
        return TraceJson.feedbackValue(node);
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw new ApiException(ApiError.invalidRequest("'" + field + "' is required.", field));
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw new ApiException(ApiError.invalidRequest("'" + field + "' must be a non-empty string.", field));
        }
        return node.textValue().strip();
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ApiException(ApiError.invalidRequest("'" + field + "' must be a string when present.", field));
        }
        return node.textValue();
    }

    private static String abbreviate(String text) {
        return text.length() <= 48 ? text : text.substring(0, 48) + "…";
    }
}
