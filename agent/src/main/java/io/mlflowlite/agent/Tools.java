package io.mlflowlite.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Tools from annotated methods: every method of an object (its class and superclasses, any visibility) marked
 * {@link AgentTool} becomes a {@link Tool} whose arguments are the method's parameters. Stateless.
 *
 * <pre>{@code
 * class Orders {
 *     @AgentTool(description = "The status of an order")
 *     OrderStatus status(@Param("orderId") String id) { ... }
 *
 *     @AgentTool(name = "cancel_order", description = "Cancels an order; returns whether it was cancelled")
 *     boolean cancel(String orderId, Optional<String> reason) { ... }   // names from -parameters
 * }
 * Agent agent = Agent.builder()...tools(Tools.from(new Orders())).build();
 * }</pre>
 */
public final class Tools {
    private Tools() {}

    /**
     * The tools of {@code target}'s {@link AgentTool} methods, sorted by name. A {@code void} method's result is
     * the text {@code ok}. Static methods are included too.
     *
     * @throws IllegalArgumentException when there is none, two share a name, a parameter has no name (no
     *                                  {@link Param} and no {@code -parameters}) or a type with no JSON Schema
     */
    public static List<Tool> from(Object target) {
        Objects.requireNonNull(target, "target");
        List<Tool> tools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> overridden = new HashSet<>();
        for (Class<?> type = target.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                AgentTool marker = method.getAnnotation(AgentTool.class);
                String signature = method.getName() + List.of(method.getParameterTypes());
                if (marker == null || method.isSynthetic() || !overridden.add(signature)) {
                    continue; // a subclass's override was seen first
                }
                String name = marker.name().isEmpty() ? method.getName() : marker.name();
                if (!names.add(name)) {
                    throw new IllegalArgumentException(
                            "Two @AgentTool methods of " + target.getClass().getName() + " are named '" + name
                                    + "': give one another name with @AgentTool(name = …)");
                }
                tools.add(tool(target, method, name, marker.description()));
            }
        }
        if (tools.isEmpty()) {
            throw new IllegalArgumentException(target.getClass().getName() + " has no method annotated @AgentTool");
        }
        tools.sort(Comparator.comparing(Tool::name));
        return List.copyOf(tools);
    }

    private static Tool tool(Object target, Method method, String name, String description) {
        method.trySetAccessible(); // tools are often package-private methods of the caller's own classes
        boolean isStatic = Modifier.isStatic(method.getModifiers());
        boolean isVoid = method.getReturnType() == void.class;
        return Tool.create(name, description, JsonSchemas.forParameters(method), arguments -> {
            Object[] values = ArgumentBinder.parameters(method, arguments);
            Object result;
            try {
                result = method.invoke(isStatic ? null : target, values);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw (Exception) e.getCause();
            }
            return isVoid ? "ok" : result;
        });
    }
}
