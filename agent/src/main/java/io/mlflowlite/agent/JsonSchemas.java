package io.mlflowlite.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.json.Json;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Derives a tool's JSON Schema from Java types: records (nested ones too), method parameters, and the value types
 * they hold. Every property is required unless its type is an {@code Optional} (or {@code OptionalInt} …) or it
 * carries an annotation named {@code Nullable} (JSpecify's, JetBrains', javax's …); objects derived from records
 * and parameters allow no other properties. A type with no JSON meaning is rejected when the tool is declared,
 * not when the model calls it. Stateless.
 */
final class JsonSchemas {
    private JsonSchemas() {}

    /** The schema of the arguments object a record stands for. */
    static ObjectNode forRecord(Class<?> type) {
        return record(type, new HashSet<>());
    }

    /** The schema of a method's parameters as one arguments object. */
    static ObjectNode forParameters(Method method) {
        ObjectNode schema = objectSchema();
        ObjectNode properties = (ObjectNode) schema.get("properties");
        ArrayNode required = (ArrayNode) schema.get("required");
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            Parameter p = parameters[i];
            String name = parameterName(method, p, i);
            String where = "parameter '" + name + "' of "
                    + method.getDeclaringClass().getSimpleName() + "." + method.getName();
            ObjectNode property = value(p.getParameterizedType(), where, new HashSet<>());
            Param param = p.getAnnotation(Param.class);
            Description description = p.getAnnotation(Description.class);
            describe(
                    property,
                    param != null && !param.description().isEmpty()
                            ? param.description()
                            : description != null ? description.value() : null);
            if (properties.has(name)) {
                throw new IllegalArgumentException("Two parameters of " + method + " are both named '" + name + "'");
            }
            properties.set(name, property);
            if (isRequired(p.getParameterizedType(), p, p.getAnnotatedType())) {
                required.add(name);
            }
        }
        return schema;
    }

    /** The name a parameter has in the schema: its {@link Param}, else its compiled name when kept. */
    static String parameterName(Method method, Parameter p, int index) {
        Param param = p.getAnnotation(Param.class);
        if (param != null) {
            if (param.value().isBlank()) {
                throw new IllegalArgumentException(
                        "@Param on parameter " + index + " of " + method + " has an empty name");
            }
            return param.value();
        }
        if (!p.isNamePresent()) {
            throw new IllegalArgumentException("Parameter " + index + " of " + method + " has no name: annotate it "
                    + "with @Param(\"name\") or compile with -parameters");
        }
        return p.getName();
    }

    private static ObjectNode record(Class<?> type, Set<Class<?>> open) {
        if (!open.add(type)) {
            throw new IllegalArgumentException(
                    "Record " + type.getName() + " contains itself; a tool's arguments " + "must be a finite tree");
        }
        ObjectNode schema = objectSchema();
        ObjectNode properties = (ObjectNode) schema.get("properties");
        ArrayNode required = (ArrayNode) schema.get("required");
        for (RecordComponent component : type.getRecordComponents()) {
            String where = "component '" + component.getName() + "' of " + type.getSimpleName();
            ObjectNode property = value(component.getGenericType(), where, open);
            Description description = component.getAnnotation(Description.class);
            describe(property, description == null ? null : description.value());
            properties.set(component.getName(), property);
            if (isRequired(component.getGenericType(), component, component.getAnnotatedType())) {
                required.add(component.getName());
            }
        }
        open.remove(type);
        return schema;
    }

    private static ObjectNode value(Type type, String where, Set<Class<?>> open) {
        Type inner = optionalElement(type);
        if (inner != null) {
            return value(inner, where, open);
        }
        if (type == OptionalInt.class || type == OptionalLong.class) {
            return Json.object().put("type", "integer");
        }
        if (type == OptionalDouble.class) {
            return Json.object().put("type", "number");
        }
        if (type instanceof WildcardType wildcard) {
            return value(wildcard.getUpperBounds()[0], where, open);
        }
        if (type instanceof GenericArrayType array) {
            return arrayOf(value(array.getGenericComponentType(), where, open));
        }
        Class<?> raw = raw(type);
        if (raw == null) {
            throw unsupported(type, where);
        }
        if (raw == String.class || raw == CharSequence.class || raw == char.class || raw == Character.class) {
            return Json.object().put("type", "string");
        }
        if (raw == int.class
                || raw == long.class
                || raw == short.class
                || raw == byte.class
                || raw == Integer.class
                || raw == Long.class
                || raw == Short.class
                || raw == Byte.class
                || raw == BigInteger.class) {
            return Json.object().put("type", "integer");
        }
        if (raw == double.class
                || raw == float.class
                || raw == Double.class
                || raw == Float.class
                || raw == BigDecimal.class
                || raw == Number.class) {
            return Json.object().put("type", "number");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return Json.object().put("type", "boolean");
        }
        if (raw.isEnum()) {
            ObjectNode schema = Json.object().put("type", "string");
            ArrayNode values = schema.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            return schema;
        }
        if (raw.isArray()) {
            return arrayOf(value(raw.getComponentType(), where, open));
        }
        if (Collection.class.isAssignableFrom(raw)) {
            if (!List.class.isAssignableFrom(raw) && !Set.class.isAssignableFrom(raw) && raw != Collection.class) {
                throw unsupported(type, where);
            }
            ObjectNode array = arrayOf(value(typeArgument(type, 0, where), where, open));
            if (Set.class.isAssignableFrom(raw)) {
                array.put("uniqueItems", true);
            }
            return array;
        }
        if (Map.class.isAssignableFrom(raw)) {
            if (typeArgument(type, 0, where) != String.class) {
                throw new IllegalArgumentException(
                        where + " is a Map whose keys are not String; JSON object keys are " + "text");
            }
            ObjectNode schema = Json.object().put("type", "object");
            schema.set("additionalProperties", value(typeArgument(type, 1, where), where, open));
            return schema;
        }
        if (raw.isRecord()) {
            return record(raw, open);
        }
        if (raw == JsonNode.class || raw == Object.class) {
            return Json.object(); // any JSON value
        }
        throw unsupported(type, where);
    }

    private static ObjectNode objectSchema() {
        ObjectNode schema = Json.object().put("type", "object");
        schema.putObject("properties");
        schema.putArray("required");
        schema.put("additionalProperties", false);
        return schema;
    }

    private static ObjectNode arrayOf(ObjectNode items) {
        ObjectNode schema = Json.object().put("type", "array");
        schema.set("items", items);
        return schema;
    }

    private static void describe(ObjectNode property, String description) {
        if (description != null && !description.isBlank()) {
            // description first, so the schema reads naturally where it is shown
            ObjectNode copy = Json.object().put("description", description);
            copy.setAll(property);
            property.removeAll();
            property.setAll(copy);
        }
    }

    private static boolean isRequired(Type type, AnnotatedElement element, AnnotatedType annotatedType) {
        if (optionalElement(type) != null
                || type == OptionalInt.class
                || type == OptionalLong.class
                || type == OptionalDouble.class) {
            return false;
        }
        List<Annotation> annotations = new ArrayList<>(List.of(element.getAnnotations()));
        annotations.addAll(List.of(annotatedType.getAnnotations()));
        return annotations.stream()
                .noneMatch(a -> a.annotationType().getSimpleName().equals("Nullable"));
    }

    /** The element type of an {@code Optional<T>}, or null when {@code type} is not one. */
    static Type optionalElement(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() == Optional.class) {
            return p.getActualTypeArguments()[0];
        }
        return null;
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    static Type typeArgument(Type type, int index, String where) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalArgumentException(where + " is a raw " + raw(type).getSimpleName() + ": give its element "
                + "type (List<String>, Map<String, Integer> …) so the schema can say what it holds");
    }

    private static IllegalArgumentException unsupported(Type type, String where) {
        return new IllegalArgumentException(where + " has type " + type.getTypeName() + ", which has no JSON Schema "
                + "here: use String, a number, boolean, an enum, List/Set/array, Map<String, …>, a record, JsonNode or "
                + "Optional of one of these");
    }
}
