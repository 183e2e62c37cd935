package io.mlflowlite.agent;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a tool argument to the model: on a component of a tool's arguments record
 * ({@link Tool#of(String, String, Class, java.util.function.Function)}), or on a parameter of an {@link AgentTool}
 * method. The text becomes the property's {@code description} in the tool's JSON Schema.
 *
 * <pre>{@code
 * record Weather(@Description("City and country, e.g. Paris, France") String location, Optional<Unit> unit) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface Description {
    /** What the argument means, for the model. */
    String value();
}
