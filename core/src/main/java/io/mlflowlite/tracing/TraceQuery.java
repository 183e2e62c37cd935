package io.mlflowlite.tracing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What {@link TraceStore#search} looks for; every criterion is optional and they combine with AND. Results
 * come newest first (or in another {@link TraceSort}), a page at a time. Immutable; build with {@link #builder()}.
 *
 * @param pageToken    the token of the previous page's {@link TracePage#nextPageToken()}, or null for the first
 * @param linkedPrompt {@code name/version} of a prompt version the traces used, or null
 * @param withoutTags  tag keys the traces must not have
 */
public record TraceQuery(
        Instant from,
        Instant to,
        String experiment,
        String model,
        TraceState state,
        Map<String, String> tags,
        String user,
        String session,
        BigDecimal minCost,
        Duration minLatency,
        int pageSize,
        String pageToken,
        String endpoint,
        String text,
        String linkedPrompt,
        Set<String> withoutTags,
        TraceSort sort) {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;

    public TraceQuery {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        withoutTags = withoutTags == null ? Set.of() : Set.copyOf(withoutTags);
        sort = sort == null ? TraceSort.NEWEST : sort;
        text = text == null || text.isBlank() ? null : text.strip();
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be between 1 and " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every trace, first page. */
    public static TraceQuery all() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.from = from;
        b.to = to;
        b.experiment = experiment;
        b.model = model;
        b.state = state;
        b.tags.putAll(tags);
        b.user = user;
        b.session = session;
        b.minCost = minCost;
        b.minLatency = minLatency;
        b.pageSize = pageSize;
        b.pageToken = pageToken;
        b.endpoint = endpoint;
        b.text = text;
        b.linkedPrompt = linkedPrompt;
        b.withoutTags.addAll(withoutTags);
        b.sort = sort;
        return b;
    }

    /** Builds {@link TraceQuery}s. */
    public static final class Builder {
        private Instant from;
        private Instant to;
        private String experiment;
        private String model;
        private TraceState state;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private String user;
        private String session;
        private BigDecimal minCost;
        private Duration minLatency;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private String pageToken;
        private String endpoint;
        private String text;
        private String linkedPrompt;
        private final Set<String> withoutTags = new LinkedHashSet<>();
        private TraceSort sort = TraceSort.NEWEST;

        /** Traces that started at or after {@code from}. */
        public Builder from(Instant from) {
            this.from = from;
            return this;
        }
        /** Traces that started before {@code to}. */
        public Builder to(Instant to) {
            this.to = to;
            return this;
        }

        public Builder experiment(String experiment) {
            this.experiment = experiment;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder state(TraceState state) {
            this.state = state;
            return this;
        }

        public Builder tag(String key, String value) {
            this.tags.put(key, value);
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

        public Builder minCost(BigDecimal minCost) {
            this.minCost = minCost;
            return this;
        }

        public Builder minLatency(Duration minLatency) {
            this.minLatency = minLatency;
            return this;
        }

        public Builder pageSize(int pageSize) {
            this.pageSize = pageSize;
            return this;
        }

        public Builder pageToken(String pageToken) {
            this.pageToken = pageToken;
            return this;
        }

        /** Traces served through gateway endpoint {@code endpoint} (the root span's {@code mlflowlite.endpoint}). */
        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * Traces whose request or response preview contains {@code text}, ignoring case (blank: no condition).
         */
        public Builder text(String text) {
            this.text = text;
            return this;
        }

        /** Traces that used prompt version {@code name}/{@code version} (their {@code mlflow.linkedPrompts}). */
        public Builder linkedPrompt(String name, int version) {
            this.linkedPrompt = name + "/" + version;
            return this;
        }

        /** Leaves out traces that have tag {@code key}, whatever its value (such as evaluation judge calls). */
        public Builder withoutTag(String key) {
            this.withoutTags.add(key);
            return this;
        }

        /** The order of the results; default {@link TraceSort#NEWEST}. A page token belongs to one order. */
        public Builder sort(TraceSort sort) {
            this.sort = sort;
            return this;
        }

        public TraceQuery build() {
            return new TraceQuery(
                    from,
                    to,
                    experiment,
                    model,
                    state,
                    tags,
                    user,
                    session,
                    minCost,
                    minLatency,
                    pageSize,
                    pageToken,
                    endpoint,
                    text,
                    linkedPrompt,
                    withoutTags,
                    sort);
        }
    }
}
