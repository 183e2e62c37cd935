package io.mlflowlite.agent;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names (and optionally describes) a parameter of an {@link AgentTool} method. Without it the parameter's name
 * comes from the class file, which keeps names only when compiled with {@code -parameters};
 * {@link Tools#from(Object)} says so when neither is there.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Param {
    /** The argument's name in the tool's JSON Schema. */
    String value();

    /** What the argument means, for the model; empty for none. */
    String description() default "";
}
