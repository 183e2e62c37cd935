package io.mlflowlite.tracing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A trace's summary row (MLflow's TraceInfo), with the fields searches filter on. Immutable.
 *
 * <p>Built with {@link #builder()}; {@link #toBuilder()} copies one.
 */
public final class TraceInfo {
    private final String traceId;
    private final String experiment;
    private final Instant startTime;
    private final Duration duration;
    private final TraceState state;
    private final String requestPreview;
    private final String responsePreview;
    private final String model;
    private final long inputTokens;
    private final long outputTokens;
    private final BigDecimal cost;
    private final String user;
    private final String session;
    private final Map<String, String> tags;
    private final Map<String, String> metadata;
    private final List<Assessment> assessments;

    private TraceInfo(
            String traceId,
            String experiment,
            Instant startTime,
            Duration duration,
            TraceState state,
            String requestPreview,
            String responsePreview,
            String model,
            long inputTokens,
            long outputTokens,
            BigDecimal cost,
            String user,
            String session,
            Map<String, String> tags,
            Map<String, String> metadata,
            List<Assessment> assessments) {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        assessments = assessments == null ? List.of() : List.copyOf(assessments);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        cost = cost == null ? BigDecimal.ZERO : cost;
        this.traceId = traceId;
        this.experiment = experiment;
        this.startTime = startTime;
        this.duration = duration;
        this.state = state;
        this.requestPreview = requestPreview;
        this.responsePreview = responsePreview;
        this.model = model;
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.cost = cost;
        this.user = user;
        this.session = session;
        this.tags = tags;
        this.metadata = metadata;
        this.assessments = assessments;
    }

    /** A builder with every field unset (null, 0 or false). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this value's fields. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.traceId = traceId;
        b.experiment = experiment;
        b.startTime = startTime;
        b.duration = duration;
        b.state = state;
        b.requestPreview = requestPreview;
        b.responsePreview = responsePreview;
        b.model = model;
        b.inputTokens = inputTokens;
        b.outputTokens = outputTokens;
        b.cost = cost;
        b.user = user;
        b.session = session;
        b.tags = tags;
        b.metadata = metadata;
        b.assessments = assessments;
        return b;
    }

    /** {@code tr-} + 32 hex digits. */
    public String traceId() {
        return traceId;
    }

    /** The experiment name ({@code llm_workspace} by default). */
    public String experiment() {
        return experiment;
    }

    /** When the root span started. */
    public Instant startTime() {
        return startTime;
    }

    /** The root span's duration. */
    public Duration duration() {
        return duration;
    }

    /** How it ended. */
    public TraceState state() {
        return state;
    }

    /** The start of the request (the last user message), for lists. */
    public String requestPreview() {
        return requestPreview;
    }

    /** The start of the response. */
    public String responsePreview() {
        return responsePreview;
    }

    /** The model the call asked for (the root's), or null for traces without a model call. */
    public String model() {
        return model;
    }

    /** Input tokens over every model call in the trace. */
    public long inputTokens() {
        return inputTokens;
    }

    /** Output tokens over every model call in the trace. */
    public long outputTokens() {
        return outputTokens;
    }

    /** Dollars over every model call in the trace. */
    public BigDecimal cost() {
        return cost;
    }

    /** The end user ({@code mlflow.trace.user}), or null. */
    public String user() {
        return user;
    }

    /** The session ({@code mlflow.trace.session}), or null. */
    public String session() {
        return session;
    }

    /** User tags (mutable in MLflow; here set when the trace is recorded). */
    public Map<String, String> tags() {
        return tags;
    }

    /** MLflow's trace metadata: {@code mlflow.trace.tokenUsage}, {@code mlflow.trace.cost} …. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The trace's assessments (feedback, scores), oldest first, as read from the store with the trace; empty when
     * it has none or when this summary was recorded rather than read.
     */
    public List<Assessment> assessments() {
        return assessments;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TraceInfo o
                && Objects.equals(traceId, o.traceId)
                && Objects.equals(experiment, o.experiment)
                && Objects.equals(startTime, o.startTime)
                && Objects.equals(duration, o.duration)
                && Objects.equals(state, o.state)
                && Objects.equals(requestPreview, o.requestPreview)
                && Objects.equals(responsePreview, o.responsePreview)
                && Objects.equals(model, o.model)
                && inputTokens == o.inputTokens
                && outputTokens == o.outputTokens
                && Objects.equals(cost, o.cost)
                && Objects.equals(user, o.user)
                && Objects.equals(session, o.session)
                && Objects.equals(tags, o.tags)
                && Objects.equals(metadata, o.metadata)
                && Objects.equals(assessments, o.assessments);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                traceId,
                experiment,
                startTime,
                duration,
                state,
                requestPreview,
                responsePreview,
                model,
                inputTokens,
                outputTokens,
                cost,
                user,
                session,
                tags,
                metadata,
                assessments);
    }

    @Override
    public String toString() {
        return "TraceInfo[traceId=%s, experiment=%s, startTime=%s, duration=%s, state=%s, requestPreview=%s, responsePreview=%s, model=%s, inputTokens=%s, outputTokens=%s, cost=%s, user=%s, session=%s, tags=%s, metadata=%s, assessments=%s]"
                .formatted(
                        traceId,
                        experiment,
                        startTime,
                        duration,
                        state,
                        requestPreview,
                        responsePreview,
                        model,
                        inputTokens,
                        outputTokens,
                        cost,
                        user,
                        session,
                        tags,
                        metadata,
                        assessments);
    }

    /** Builds {@link TraceInfo}s. Not thread-safe. */
    public static final class Builder {
        private String traceId;
        private String experiment;
        private Instant startTime;
        private Duration duration;
        private TraceState state;
        private String requestPreview;
        private String responsePreview;
        private String model;
        private long inputTokens;
        private long outputTokens;
        private BigDecimal cost;
        private String user;
        private String session;
        private Map<String, String> tags;
        private Map<String, String> metadata;
        private List<Assessment> assessments;

        private Builder() {}

        public Builder traceId(String traceId) {
            this.traceId = traceId;
            return this;
        }

        public Builder experiment(String experiment) {
            this.experiment = experiment;
            return this;
        }

        public Builder startTime(Instant startTime) {
            this.startTime = startTime;
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        public Builder state(TraceState state) {
            this.state = state;
            return this;
        }

        public Builder requestPreview(String requestPreview) {
            this.requestPreview = requestPreview;
            return this;
        }

        public Builder responsePreview(String responsePreview) {
            this.responsePreview = responsePreview;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder inputTokens(long inputTokens) {
            this.inputTokens = inputTokens;
            return this;
        }

        public Builder outputTokens(long outputTokens) {
            this.outputTokens = outputTokens;
            return this;
        }

        public Builder cost(BigDecimal cost) {
            this.cost = cost;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder session(String session) {
            this.session = session;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public Builder metadata(Map<String, String> metadata) {
            this.metadata = metadata;
            return this;
        }

        /** The trace's assessments, oldest first (stores fill them in when reading). */
        public Builder assessments(List<Assessment> assessments) {
            this.assessments = assessments;
            return this;
        }

        public TraceInfo build() {
            return new TraceInfo(
                    traceId,
                    experiment,
                    startTime,
                    duration,
                    state,
                    requestPreview,
                    responsePreview,
                    model,
                    inputTokens,
                    outputTokens,
                    cost,
                    user,
                    session,
                    tags,
                    metadata,
                    assessments);
        }
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    public Optional<String> userIfPresent() {
        return Optional.ofNullable(user);
    }

    public Optional<String> sessionIfPresent() {
        return Optional.ofNullable(session);
    }
}
