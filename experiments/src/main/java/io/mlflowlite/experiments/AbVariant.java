package io.mlflowlite.experiments;

import io.mlflowlite.routing.EndpointDefaults;

/**
 * One arm of an A/B test made from the library: a model, optionally a prompt version and parameters, and a
 * share of the traffic. The first variant given is the control. Immutable; {@code with…} methods return copies.
 *
 * @param name     what reports and traces call it
 * @param model    the model: {@code provider/model} or a catalog name ({@code mock/next}, {@code gpt-4o})
 * @param prompt   a prompt the variant renders around the caller's variables ({@code prompts:/greet@candidate}),
 *                 or null to send the caller's messages as they are
 * @param params   parameters set on calls that leave them unset (temperature, max tokens …)
 * @param percent  its share of the units, 0 to 100; null shares what the others leave equally
 */
public record AbVariant(String name, String model, String prompt, EndpointDefaults params, Double percent) {
    public AbVariant {
        params = params == null ? EndpointDefaults.NONE : params;
    }

    /** A variant served by {@code model}, sharing the traffic equally with the others. */
    public static AbVariant of(String name, String model) {
        return new AbVariant(name, model, null, EndpointDefaults.NONE, null);
    }

    /** The same variant rendering the prompt at {@code uri} ({@code prompts:/name@alias} or {@code prompts:/name/3}). */
    public AbVariant withPrompt(String uri) {
        return new AbVariant(name, model, uri, params, percent);
    }

    /** The same variant with these default parameters. */
    public AbVariant withParams(EndpointDefaults values) {
        return new AbVariant(name, model, prompt, values, percent);
    }

    /** The same variant with {@code value} percent of the units. */
    public AbVariant withPercent(double value) {
        return new AbVariant(name, model, prompt, params, value);
    }
}
