/**
 * OTLP/HTTP trace export: {@link io.mlflowlite.otel.OtlpExporter} (a {@link io.mlflowlite.tracing.TraceSink}),
 * its {@link io.mlflowlite.otel.OtlpConfig}, and {@link io.mlflowlite.otel.OtlpSinkProvider}, which the
 * gateway finds with {@link java.util.ServiceLoader} and configures from {@code OTEL_EXPORTER_OTLP_*} or
 * {@code MLFLOW_TRACKING_URI} + {@code MLFLOW_EXPERIMENT_ID}.
 *
 * <h2>What goes on the wire</h2>
 * One {@code ExportTraceServiceRequest} per batch: one {@code ResourceSpans} whose resource has
 * {@code service.name} and {@code telemetry.sdk.{name,language,version}}, one {@code ScopeSpans} (scope
 * {@code mlflowlite}), and per span:
 * <ul>
 *   <li>{@code trace_id}: the 16 bytes of the 32 hex digits after {@code tr-}; MLflow names the trace
 *       {@code "tr-" + hex(trace_id)}, so the trace keeps its id there. {@code span_id},
 *       {@code parent_span_id}: 8 bytes;</li>
 *   <li>{@code kind}: {@code CLIENT} for {@code CHAT_MODEL}, {@code LLM} and {@code EMBEDDING} spans,
 *       {@code INTERNAL} otherwise; {@code status}: {@code OK}, or {@code ERROR} with the message;</li>
 *   <li>events as recorded (native values); a failed span without an {@code exception} event gets one with
 *       {@code exception.message} (and {@code exception.type} from {@code error.type});</li>
 *   <li>attributes, encoded as below; the root also carries the trace's {@code user.id}, {@code session.id}
 *       and tags as {@code mlflow.traceTag.<key>}.</li>
 * </ul>
 *
 * <h2>Attribute encoding, and why</h2>
 * <b>{@code mlflow.*} keys carry MLflow's own encoding: the value JSON-serialized into a string.</b>
 * {@code mlflow.spanType = "\"CHAT_MODEL\""}, {@code mlflow.chat.tokenUsage =
 * "{\"input_tokens\":12,\"output_tokens\":3,\"total_tokens\":15}"}, {@code mlflow.spanInputs} /
 * {@code mlflow.spanOutputs} = the span's inputs / outputs as JSON, {@code mlflow.traceRequestId = "\"tr-…\""}.
 * MLflow's span model stores every attribute with {@code json.dumps} and reads each back with
 * {@code json.loads} (falling back to the raw value), its OTLP endpoint keeps attribute values as they arrive,
 * and its store then derives the trace's request/response previews from the root's
 * {@code mlflow.spanInputs}/{@code mlflow.spanOutputs}, its state from the root's status and its token usage
 * and cost from the spans' {@code mlflow.chat.tokenUsage} and {@code mlflow.llm.cost}, which it reads as
 * objects; a value sent any other way shows up as text, or not at all.
 *
 * <p><b>Every other key ({@code gen_ai.*}, {@code user.id}, event and resource attributes) carries a native
 * OTLP value</b>: {@code gen_ai.usage.input_tokens} is an {@code int_value}, {@code gen_ai.request.model} a
 * {@code string_value}, a cost a {@code double_value}, a list of scalars an {@code array_value}, and JSON objects
 * JSON text (as the OTel GenAI conventions put structured values on spans). That is what Jaeger, Phoenix,
 * Langfuse and other collectors read, and MLflow keeps such values as they are, so both audiences get what they
 * expect from the same request. {@code gen_ai.operation.name} ({@code chat}, {@code embeddings},
 * {@code execute_tool}, {@code invoke_agent}) is added from the span type when the span has none.
 *
 * <h2>MLflow specifics</h2>
 * MLflow (≥ 3.6) serves {@code POST <tracking URI>/v1/traces}; it requires the {@code x-mlflow-experiment-id}
 * header (the experiment the traces land in) and a {@code Content-Type} of exactly
 * {@code application/x-protobuf}, and accepts gzip bodies. It computes trace-level token usage itself,
 * counting a parent's usage instead of its children's, so the root's total and its attempts' usage are not
 * double counted.
 */
package io.mlflowlite.otel;
