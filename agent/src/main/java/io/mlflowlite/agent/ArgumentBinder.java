package io.mlflowlite.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns validated tool arguments (a JSON object) into the Java values a tool takes: a record, or a method's
 * parameters. Optionals, enums (by name), lists, sets, arrays and nested records are built here;
 * everything else goes through the shared Jackson mapper. Records are built through their canonical constructor,
 * so their own checks run. Stateless.
 */
final class ArgumentBinder {
    private ArgumentBinder() {}

    /** A {@code type} record built from {@code arguments}. */
    static <R> R record(Class<R> type, JsonNode arguments) {
        return type.cast(value(type, arguments, "$"));
    }

    /** The parameters of {@code method} read from {@code arguments}, in order. */
    static Object[] parameters(Method method, JsonNode arguments) {
        Parameter[] parameters = method.getParameters();
        Object[] values = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            String name = JsonSchemas.parameterName(method, parameters[i], i);
            values[i] = value(parameters[i].getParameterizedType(), arguments.get(name), "$." + name);
        }
        return values;
    }

    private static Object value(Type type, JsonNode node, String path) {
        boolean absent = node == null || node.isNull();
        Type element = JsonSchemas.optionalElement(type);
        if (element != null) {
            return absent ? Optional.empty() : Optional.of(value(element, node, path));
        }
        if (type == OptionalInt.class) {
            return absent ? OptionalInt.empty() : OptionalInt.of(node.intValue());
        }
        if (type == OptionalLong.class) {
            return absent ? OptionalLong.empty() : OptionalLong.of(node.longValue());
        }
        if (type == OptionalDouble.class) {
            return absent ? OptionalDouble.empty() : OptionalDouble.of(node.doubleValue());
        }
        Class<?> raw = JsonSchemas.raw(type);
        if (absent) {
            if (raw != null && raw.isPrimitive()) {
                throw new BindingException(path + " is required");
            }
            return null;
        }
        if (raw != null && raw.isEnum()) {
            return enumConstant(raw, node, path);
        }
        if (raw != null && raw.isRecord()) {
            return newRecord(raw, node, path);
        }
        if (type instanceof GenericArrayType || raw != null && raw.isArray()) {
            Type component = type instanceof GenericArrayType g ? g.getGenericComponentType() : raw.getComponentType();
            Object array = Array.newInstance(JsonSchemas.raw(component), node.size());
            for (int i = 0; i < node.size(); i++) {
                Array.set(array, i, value(component, node.get(i), path + "[" + i + "]"));
            }
            return array;
        }
        if (raw != null && Collection.class.isAssignableFrom(raw)) {
            Type item = JsonSchemas.typeArgument(type, 0, path);
            List<Object> values = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                values.add(value(item, node.get(i), path + "[" + i + "]"));
            }
            return Set.class.isAssignableFrom(raw)
                    ? Collections.unmodifiableSet(new LinkedHashSet<>(values))
                    : Collections.unmodifiableList(values);
        }
        if (raw == JsonNode.class) {
            return node.deepCopy();
        }
        try {
            return Json.MAPPER.convertValue(node, Json.MAPPER.constructType(type));
        } catch (IllegalArgumentException e) {
            throw new BindingException(
                    path + " cannot be read as " + type.getTypeName() + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static Object enumConstant(Class<?> type, JsonNode node, String path) {
        String name = node.asText();
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
                return constant;
            }
        }
        throw new BindingException(
                path + " must be one of " + List.of(type.getEnumConstants()) + ", got \"" + name + "\"");
    }

    private static Object newRecord(Class<?> type, JsonNode node, String path) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(
                    components[i].getGenericType(),
                    node.get(components[i].getName()),
                    path + "." + components[i].getName());
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.trySetAccessible(); // records declared inside a caller's class are often not public
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            // the record's own validation rejected the values: an argument problem the model can fix
            Throwable cause = e.getCause();
            throw new BindingException(
                    path + " was rejected by " + type.getSimpleName() + ": " + cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot build record " + type.getName() + ": " + e, e);
        }
    }

    /** Arguments that passed the schema but still cannot become the tool's Java values. */
    static final class BindingException extends RuntimeException {
        BindingException(String message) {
            super(message);
        }

        BindingException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
