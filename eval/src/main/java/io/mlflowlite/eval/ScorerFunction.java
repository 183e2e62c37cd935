package io.mlflowlite.eval;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a scorer for {@link Scorers#from(Object)} (the seed's {@code @scorer}). Its parameters are
 * named {@code inputs}, {@code outputs}, {@code expectations} and/or {@code trace}, in any order and any subset —
 * by compiling with {@code -parameters} or with {@link Param}. It returns a boolean, a number, a string, a
 * {@link Feedback} or a list of them.
 *
 * <pre>{@code
 * @ScorerFunction
 * boolean is_concise(String outputs) { return outputs.length() < 200; }
 * }</pre>
 *
 * <p>Parameter types: {@code inputs} and {@code expectations} are {@code Map<String, Object>}; {@code outputs} is
 * {@code Object}, or {@code String} for its text (a chat completion's content, else JSON), or a {@code Map};
 * {@code trace} is a {@link io.mlflowlite.tracing.Trace}. A method taking {@code outputs} or {@code trace} is
 * skipped on rows without them.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ScorerFunction {
    /** The scorer's name; default the method's name. */
    String name() default "";
}
