package io.mlflowlite.tracing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.chat.Cost;
import io.mlflowlite.chat.StreamListener;
import io.mlflowlite.error.Attempt;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.json.Json;
import io.mlflowlite.pipeline.CallContext;
import io.mlflowlite.pipeline.Interceptor;
import io.mlflowlite.provider.openai.OpenAiWire;
import io.mlflowlite.routing.EndpointRouter;
import io.mlflowlite.routing.RouteDecision;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pipeline's first step: records every call as a CHAT_MODEL span (the root of a new trace, or a child of
 * the caller's current span) with a child span per attempt, in MLflow's shape with both {@code mlflow.*} and
 * OpenTelemetry GenAI {@code gen_ai.*} attributes, and puts the trace id on the response. Streams are recorded
 * when they end, with the accumulated output. Call context attributes named in {@link #CONTEXT_ATTRIBUTES}
 * (the endpoint, route and destination that served the call) are copied onto the span when the call ends.
 * Request metadata becomes trace tags; {@code mlflow.linkedPrompts} (set by
 * {@link io.mlflowlite.prompt.PromptVersion#render}) is merged with the prompt versions the trace already lists.
 * Thread-safe; adds no I/O to the call path.
 */
public final class TracingInterceptor implements Interceptor {
    /** Request metadata keys that become the trace's user and session rather than tags. */
    static final Set<String> USER_KEYS = Set.of("user_id", "mlflow.trace.user");

    static final Set<String> SESSION_KEYS = Set.of("session_id", "mlflow.trace.session");
    /** Call context attributes copied onto the CHAT_MODEL span, when set (String, Number or Boolean values). */
    public static final List<String> CONTEXT_ATTRIBUTES = List.of(
            EndpointRouter.ENDPOINT_ATTRIBUTE,
            EndpointRouter.ROUTE_ATTRIBUTE,
            EndpointRouter.DESTINATION_ATTRIBUTE,
            EndpointRouter.MODEL_ATTRIBUTE,
            EndpointRouter.CONFIG_ATTRIBUTE,
            EndpointRouter.PROMPT_ATTRIBUTE);

    /** Trace tag set on calls a fallback model answered. */
    public static final String FALLBACK_TAG = "mlflowlite.fallback";

    private final Tracing tracing;

    public TracingInterceptor(Tracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public ChatResponse intercept(Chain chain) {
        if (!tracing.enabled()) {
            return chain.proceed(chain.request());
        }
        ActiveSpan span = open(chain.request());
        try {
            ChatResponse response = chain.proceed(chain.request());
            finish(span, chain.request(), response, chain.context());
            return response.toBuilder().traceId(span.traceId()).build();
        } catch (RuntimeException e) {
            fail(span, chain.context(), e);
            throw withTrace(e, span);
        }
    }

    /** A failed call's exception names its trace, so a caller (and the server's error response) can find it. */
    private static RuntimeException withTrace(RuntimeException e, ActiveSpan span) {
        return e instanceof MlflowliteException m ? m.withTraceId(span.traceId()) : e;
    }

    @Override
    public ChatStream interceptStream(Chain chain) {
        if (!tracing.enabled()) {
            return chain.proceedStream(chain.request());
        }
        ChatRequest request = chain.request();
        CallContext context = chain.context();
        ActiveSpan span = open(request);
        ChatStream stream;
        try {
            stream = chain.proceedStream(request);
        } catch (RuntimeException e) {
            fail(span, context, e);
            throw withTrace(e, span);
        }
        return stream.withTraceId(span.traceId())
                .withFinisher(r -> r.toBuilder().traceId(span.traceId()).build())
                .withListener(new StreamListener() {
                    private boolean first = true;

                    @Override
                    public void onChunk(ChatChunk chunk) {
                        if (first) {
                            first = false;
                            span.addEvent("first_token", Map.of());
                        }
                    }

                    @Override
                    public void onComplete(ChatResponse response) {
                        finish(span, request, response, context);
                    }

                    @Override
                    public void onError(RuntimeException error, ChatResponse partial) {
                        span.setOwnedOutputs(OpenAiWire.responseJson(partial));
                        fail(span, context, error);
                    }

                    @Override
                    public void onCancel(ChatResponse partial) {
                        span.setOwnedOutputs(OpenAiWire.responseJson(partial));
                        span.setAttribute("mlflowlite.stream.cancelled", true);
                        span.addEvent("cancelled", Map.of("reason", "the caller closed the stream before its end"));
                        attempts(span, context);
                        span.end();
                    }
                });
    }

    private ActiveSpan open(ChatRequest request) {
        ActiveSpan span = tracing.startSpan(
                "chat " + request.model(), SpanType.CHAT_MODEL, Tracer.current().orElse(null));
        span.setOwnedInputs(OpenAiWire.requestJson(request));
        span.setAttribute("mlflow.llm.model", request.model());
        span.trace().requested(request.model());
        span.setAttribute("gen_ai.operation.name", "chat");
        span.setAttribute("gen_ai.request.model", request.model());
        if (request.temperature() != null) {
            span.setAttribute("gen_ai.request.temperature", request.temperature());
        }
        if (request.maxTokens() != null) {
            span.setAttribute("gen_ai.request.max_tokens", request.maxTokens().longValue());
        }
        if (request.topP() != null) {
            span.setAttribute("gen_ai.request.top_p", request.topP());
        }
        if (request.seed() != null) {
            span.setAttribute("gen_ai.request.seed", request.seed());
        }
        if (!request.tools().isEmpty()) {
            span.setAttribute(
                    "mlflow.chat.tools", OpenAiWire.requestJson(request).get("tools"));
        }
        labels(span, request);
        return span;
    }

    private static void labels(ActiveSpan span, ChatRequest request) {
        InFlightTrace trace = span.trace();
        if (request.user() != null) {
            trace.user(request.user());
        }
        request.metadata().forEach((key, value) -> {
            if (USER_KEYS.contains(key)) {
                trace.user(value);
            } else if (SESSION_KEYS.contains(key)) {
                trace.session(value);
            } else if (InFlightTrace.LINKED_PROMPTS.equals(key)) {
                trace.linkPrompts(value);
            } else {
                trace.tag(key, value);
            }
        });
    }

    private static void finish(ActiveSpan span, ChatRequest request, ChatResponse response, CallContext context) {
        span.setOwnedOutputs(OpenAiWire.responseJson(response));
        String provider = response.provider();
        span.setAttribute("mlflow.llm.provider", provider);
        span.setAttribute("gen_ai.system", provider);
        span.setAttribute("gen_ai.provider.name", provider);
        span.setAttribute("gen_ai.response.model", response.model());
        span.setAttribute("gen_ai.response.id", response.id());
        ArrayNode finishReasons = Json.array();
        response.choices()
                .forEach(c -> finishReasons.add(
                        c.finishReason() == null ? "stop" : c.finishReason().wire()));
        span.setAttribute("gen_ai.response.finish_reasons", finishReasons);
        long in = response.usage().promptTokens();
        long out = response.usage().completionTokens();
        span.setAttribute("gen_ai.usage.input_tokens", in);
        span.setAttribute("gen_ai.usage.output_tokens", out);
        span.setAttribute(
                "mlflow.chat.tokenUsage",
                Json.object().put("input_tokens", in).put("output_tokens", out).put("total_tokens", in + out));
        Cost cost = response.cost();
        ObjectNode costJson = Json.object()
                .put("input_cost", cost.input().add(cost.cachedInput()).add(cost.cacheWrite()))
                .put("output_cost", cost.output().add(cost.reasoning()))
                .put("total_cost", cost.total());
        span.setAttribute("mlflow.llm.cost", costJson);
        if (response.usage().cachedTokens() > 0) {
            span.setAttribute("gen_ai.usage.cache_read_input_tokens", (long)
                    response.usage().cachedTokens());
        }
        if (response.usage().reasoningTokens() > 0) {
            span.setAttribute(
                    "gen_ai.usage.reasoning_tokens", (long) response.usage().reasoningTokens());
        }
        if (response.usage().estimated() || cost.estimated()) {
            span.setAttribute("mlflowlite.usage.estimated", true);
        }
        span.addUsageToTrace(in, out, cost.total(), request.model());
        attempts(span, context);
        span.end();
    }

    /**
     * A route strategy's decision: span attributes {@code mlflowlite.route.*} (the features and alternatives as
     * JSON) and its tags as trace tags, so traces can be searched by experiment and variant.
     */
    private static void decision(ActiveSpan span, RouteDecision decision) {
        span.setAttribute("mlflowlite.route.strategy", decision.strategy());
        span.setAttribute("mlflowlite.route.reason", decision.reason());
        if (decision.model() != null) {
            span.setAttribute("mlflowlite.route.model", decision.model());
        }
        if (decision.tier() != null) {
            span.setAttribute("mlflowlite.route.tier", decision.tier());
        }
        if (!decision.features().isEmpty()) {
            span.setAttribute("mlflowlite.route.features", Json.MAPPER.valueToTree(decision.features()));
        }
        if (!decision.alternatives().isEmpty()) {
            span.setAttribute("mlflowlite.route.alternatives", Json.MAPPER.valueToTree(decision.alternatives()));
        }
        decision.tags().forEach(span.trace()::tag);
    }

    private static void fail(ActiveSpan span, CallContext context, RuntimeException error) {
        span.recordError(error);
        attempts(span, context);
        span.end();
    }

    /**
     * One child span per attempt, reconstructed from the attempt log when the call ends; and the context
     * attributes steps set for the trace (read at the end, when every step has had its say).
     */
    private static void attempts(ActiveSpan span, CallContext context) {
        for (String key : CONTEXT_ATTRIBUTES) {
            context.attribute(key).ifPresent(value -> span.setAttribute(key, value));
        }
        context.attribute(RouteDecision.KEY)
                .filter(RouteDecision.class::isInstance)
                .map(RouteDecision.class::cast)
                .ifPresent(decision -> decision(span, decision));
        List<Attempt> attempts = context.attempts();
        span.setAttribute("mlflowlite.attempts", (long) attempts.size());
        if (attempts.size() > 1
                && attempts.getLast().outcome() == Attempt.Outcome.SUCCESS
                && !attempts.getLast().model().equals(attempts.getFirst().model())) {
            span.trace().tag(FALLBACK_TAG, "true"); // a tag, so reports count fallbacks from trace summaries
        }
        for (Attempt a : attempts) {
            long start = span.startNanos() + a.startOffset().toNanos();
            Map<String, Object> attributes = new java.util.LinkedHashMap<>();
            attributes.put("mlflow.spanType", SpanType.LLM.name());
            attributes.put("gen_ai.request.model", a.model());
            attributes.put("gen_ai.system", a.provider());
            attributes.put("mlflowlite.attempt.number", (long) a.number());
            attributes.put("mlflowlite.attempt.outcome", a.outcome().name());
            attributes.put("mlflowlite.attempt.backoff_ms", a.backoff().toMillis());
            if (a.status() > 0) {
                attributes.put("http.response.status_code", (long) a.status());
            }
            SpanStatus status = a.outcome() == Attempt.Outcome.SUCCESS ? SpanStatus.OK : SpanStatus.ERROR;
            span.trace()
                    .addFinished(Span.builder()
                            .traceId(span.traceId())
                            .spanId(io.mlflowlite.tracing.Ids.spanId())
                            .parentId(span.spanId())
                            .name("attempt " + a.number() + " " + a.model())
                            .type(SpanType.LLM)
                            .startNanos(start)
                            .endNanos(start + a.latency().toNanos())
                            .status(status)
                            .statusMessage(a.error())
                            .inputs(null)
                            .outputs(null)
                            .ownedAttributes(attributes)
                            .events(List.of())
                            .build());
        }
    }
}
