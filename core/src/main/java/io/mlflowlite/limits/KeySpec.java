package io.mlflowlite.limits;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * What a new key (or a changed one) should be: its name, allowed endpoints, limits, budget and labels. Validated
 * when built, so a spec that exists can be stored.
 *
 * @param name             1 to 64 characters of letters, digits, {@code . _ -}; unique among active keys
 * @param allowedEndpoints endpoint names, or {@code prefix*}; empty allows all
 * @param rpm              requests per minute, positive; empty is unlimited
 * @param tpm              tokens per minute, positive; empty is unlimited
 * @param budget           the spending limit; empty is none
 * @param metadata         the operator's labels
 */
public record KeySpec(
        String name,
        List<String> allowedEndpoints,
        OptionalLong rpm,
        OptionalLong tpm,
        Optional<Budget> budget,
        Map<String, String> metadata) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public KeySpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "A key name is 1 to 64 letters, digits, '.', '_' or '-', was '" + name + "'");
        }
        allowedEndpoints = allowedEndpoints == null ? List.of() : List.copyOf(allowedEndpoints);
        for (String endpoint : allowedEndpoints) {
            if (endpoint.isBlank() || endpoint.indexOf('*') >= 0 && endpoint.indexOf('*') != endpoint.length() - 1) {
                throw new IllegalArgumentException(
                        "An allowed endpoint is a name or a prefix ending in '*', was '" + endpoint + "'");
            }
        }
        rpm = positive(rpm, "rpm");
        tpm = positive(tpm, "tpm");
        budget = budget == null ? Optional.empty() : budget;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A builder for a key named {@code name}, with no limits. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name).allowedEndpoints(allowedEndpoints).metadata(metadata);
        b.rpm = rpm;
        b.tpm = tpm;
        b.budget = budget.orElse(null);
        return b;
    }

    private static OptionalLong positive(OptionalLong value, String what) {
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value.isPresent() && value.getAsLong() <= 0) {
            throw new IllegalArgumentException(what + " must be positive, was " + value.getAsLong());
        }
        return value;
    }

    /** Builds {@link KeySpec}s. Not thread-safe. */
    public static final class Builder {
        private String name;
        private final List<String> allowedEndpoints = new ArrayList<>();
        private OptionalLong rpm = OptionalLong.empty();
        private OptionalLong tpm = OptionalLong.empty();
        private Budget budget;
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }
        /** Replaces the allowed endpoints; empty allows all. */
        public Builder allowedEndpoints(List<String> endpoints) {
            allowedEndpoints.clear();
            allowedEndpoints.addAll(endpoints);
            return this;
        }

        public Builder allowedEndpoints(String... endpoints) {
            return allowedEndpoints(List.of(endpoints));
        }

        public Builder rpm(long rpm) {
            this.rpm = OptionalLong.of(rpm);
            return this;
        }

        public Builder tpm(long tpm) {
            this.tpm = OptionalLong.of(tpm);
            return this;
        }

        public Builder noRpm() {
            this.rpm = OptionalLong.empty();
            return this;
        }

        public Builder noTpm() {
            this.tpm = OptionalLong.empty();
            return this;
        }

        public Builder budget(Budget budget) {
            this.budget = budget;
            return this;
        }
        /** A budget of {@code usd} per {@code window} that rejects calls once reached. */
        public Builder budget(String usd, Period window) {
            return budget(Budget.rejecting(new BigDecimal(usd), window));
        }
        /** A budget of {@code usd} per {@code window} that alerts {@code webhook} once reached and keeps serving. */
        public Builder alertingBudget(String usd, Period window, URI webhook) {
            return budget(Budget.alerting(new BigDecimal(usd), window, webhook));
        }

        public Builder metadata(Map<String, String> labels) {
            metadata.putAll(labels);
            return this;
        }

        public Builder metadata(String key, String value) {
            metadata.put(key, Objects.requireNonNull(value));
            return this;
        }

        public KeySpec build() {
            return new KeySpec(name, allowedEndpoints, rpm, tpm, Optional.ofNullable(budget), metadata);
        }
    }
}
