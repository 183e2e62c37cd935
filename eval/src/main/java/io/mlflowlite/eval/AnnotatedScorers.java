package io.mlflowlite.eval;

import io.mlflowlite.tracing.Trace;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds {@link ScorerFunction} methods and checks their parameters once, so a mistake fails at registration. */
final class AnnotatedScorers {
    private static final Set<String> NAMES = Set.of("inputs", "outputs", "expectations", "trace");

    private AnnotatedScorers() {}

    /** The scorers of {@code target}'s annotated methods (static ones only when {@code target} is a Class), by name. */
    static List<Scorer> of(Object target) {
        boolean classOnly = target instanceof Class<?>;
        Class<?> type = classOnly ? (Class<?>) target : target.getClass();
        List<Scorer> scorers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean skippedInstanceMethods = false;
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                ScorerFunction annotation = method.getAnnotation(ScorerFunction.class);
                if (annotation == null || method.isBridge()) {
                    continue;
                }
                String where = c.getSimpleName() + "." + method.getName();
                boolean isStatic = Modifier.isStatic(method.getModifiers());
                if (classOnly && !isStatic) {
                    skippedInstanceMethods = true;
                    continue;
                }
                String name = annotation.name().isBlank() ? method.getName() : annotation.name();
                if (!names.add(name)) {
                    continue; // overridden in a subclass, already taken
                }
                scorers.add(scorer(Scorers.checkName(name), method, isStatic ? null : target, where));
            }
        }
        if (scorers.isEmpty()) {
            throw new IllegalArgumentException("No " + (classOnly ? "static " : "") + "@ScorerFunction methods in "
                    + type.getName()
                    + (skippedInstanceMethods
                            ? "; its instance methods need an instance: " + "Scorers.from(new " + type.getSimpleName()
                                    + "())"
                            : ""));
        }
        scorers.sort(Comparator.comparing(Scorer::name));
        return scorers;
    }

    private static Scorer scorer(String name, Method method, Object receiver, String where) {
        if (method.getReturnType() == void.class) {
            throw new IllegalArgumentException(where + " returns nothing; return a boolean, a number, a string, "
                    + "a Feedback or a list of Feedbacks");
        }
        Parameter[] parameters = method.getParameters();
        String[] roles = new String[parameters.length];
        List<Requirement> requirements = new ArrayList<>();
        for (int i = 0; i < parameters.length; i++) {
            roles[i] = role(parameters[i], where);
            checkType(parameters[i], roles[i], where);
            if (roles[i].equals("outputs")) {
                requirements.add(Requirement.OUTPUTS);
            } else if (roles[i].equals("trace")) {
                requirements.add(Requirement.TRACE);
            }
        }
        try {
            method.setAccessible(true);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + " cannot be called: " + e.getMessage(), e);
        }
        return new LambdaScorer(name, requirements, input -> {
            Object[] args = new Object[roles.length];
            for (int i = 0; i < roles.length; i++) {
                args[i] = argument(roles[i], parameters[i].getType(), input, name);
            }
            try {
                return method.invoke(receiver, args);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception cause ? cause : new ScorerFailedException(name, e.getCause());
            }
        });
    }

    private static String role(Parameter parameter, String where) {
        Param param = parameter.getAnnotation(Param.class);
        String name = param != null ? param.value() : parameter.isNamePresent() ? parameter.getName() : null;
        if (name == null) {
            throw new IllegalArgumentException(where + ": parameter names are not available; compile with "
                    + "-parameters or annotate each parameter with @Param(\"outputs\") etc.");
        }
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException(
                    where + ": parameter '" + name + "' is not one of inputs, outputs, " + "expectations, trace");
        }
        return name;
    }

    private static void checkType(Parameter parameter, String role, String where) {
        Class<?> type = parameter.getType();
        boolean ok = switch (role) {
            case "inputs", "expectations" -> type.isAssignableFrom(Map.class);
            case "outputs" ->
                type == Object.class
                        || type == String.class
                        || type == CharSequence.class
                        || type.isAssignableFrom(Map.class);
            default -> type.isAssignableFrom(Trace.class);
        };
        if (!ok) {
            throw new IllegalArgumentException(where + ": parameter " + role + " cannot be a " + type.getSimpleName()
                    + "; inputs and expectations are Map, outputs is Object, String or Map, trace is Trace");
        }
    }

    private static Object argument(String role, Class<?> type, ScorerInput input, String scorer) {
        return switch (role) {
            case "inputs" -> input.inputs();
            case "expectations" -> input.expectations();
            case "trace" -> input.trace();
            default -> {
                if (type == String.class || type == CharSequence.class) {
                    yield input.outputsText();
                }
                if (type != Object.class && !(input.outputs() instanceof Map)) {
                    throw new ScorerFailedException("scorer '" + scorer + "' takes outputs as a Map but the row's "
                            + "outputs are a " + input.outputs().getClass().getSimpleName());
                }
                yield input.outputs();
            }
        };
    }
}
