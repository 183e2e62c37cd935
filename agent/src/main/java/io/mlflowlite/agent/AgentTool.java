package io.mlflowlite.agent;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a tool an agent may call; {@link Tools#from(Object)} turns every marked method of an object
 * into a {@link Tool}. The method's parameters become the tool's arguments (named by {@link Param} or by
 * {@code -parameters}, described by {@link Param#description()} or {@link Description}); its return value,
 * serialized to JSON (a String as it is), becomes the tool's result.
 *
 * <pre>{@code
 * class Weather {
 *     @AgentTool(description = "Current temperature in a city, in degrees Celsius")
 *     double temperature(@Param(value = "city", description = "e.g. Paris") String city) { ... }
 * }
 * List<Tool> tools = Tools.from(new Weather());
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AgentTool {
    /** What the tool does, for the model deciding whether to call it. */
    String description();

    /** The tool's name; empty (the default) uses the method's name. */
    String name() default "";
}
