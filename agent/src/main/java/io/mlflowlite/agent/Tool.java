package io.mlflowlite.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.json.Json;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A function an {@link Agent}'s model may call: a name, a description the model reads to decide when to call it,
 * a JSON Schema of its arguments object, and the Java code that runs. Declare one from a record of arguments
 * ({@link #of(String, String, Class, Function)}, schema derived), from annotated methods
 * ({@link Tools#from(Object)}), or from a schema you write ({@link #of(String, String, String, Function)}).
 *
 * <p>{@link #invoke(String)} parses the model's arguments with the shared Jackson mapper, checks them against the
 * schema (required properties, types, enums, nested objects and arrays; see the package docs), runs the code and
 * serializes what it returned to JSON (a String is passed as it is; an {@code Optional} is unwrapped; null is
 * {@code null}). Every failure is a {@link ToolException} of one {@link ToolError.Kind}.
 *
 * <p>Immutable; thread-safe when the code it runs is. {@link #invoke} blocks for as long as that code does.
 */
public final class Tool {
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

    /** The code behind a tool, given arguments that already passed the schema. */
    @FunctionalInterface
    interface Invoker {
        Object call(JsonNode arguments) throws Exception;
    }

    private final String name;
    private final String description;
    private final ObjectNode parameters;
    private final Invoker invoker;

    private Tool(String name, String description, ObjectNode parameters, Invoker invoker) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid tool name '" + name + "': use 1-64 letters, digits, '_' or '-' "
                    + "(every provider's rule)");
        }
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException(
                    "Tool '" + name + "' needs a description: the model reads it to decide " + "when to call the tool");
        }
        this.name = name;
        this.description = description;
        this.parameters = parameters;
        this.invoker = Objects.requireNonNull(invoker, "function");
    }

    /**
     * A tool taking a record of arguments: the schema is derived from the record's components (String, numbers,
     * boolean, enums, lists, maps, nested records; {@code Optional} or {@code @Nullable} components are not
     * required; {@link Description} describes a component), and each call builds the record through its canonical
     * constructor before calling {@code function}.
     *
     * <pre>{@code
     * record Convert(@Description("Amount in euros") double amount, Optional<String> currency) {}
     * Tool convert = Tool.of("convert", "Converts euros to another currency", Convert.class,
     *         args -> rates.convert(args.amount(), args.currency().orElse("USD")));
     * }</pre>
     *
     * @throws IllegalArgumentException when the name is invalid, the description blank, or a component's type has
     *                                  no JSON Schema (naming the component)
     */
    public static <R extends Record> Tool of(
            String name, String description, Class<R> argumentsType, Function<? super R, ?> function) {
        Objects.requireNonNull(argumentsType, "argumentsType");
        Objects.requireNonNull(function, "function");
        return new Tool(
                name,
                description,
                JsonSchemas.forRecord(argumentsType),
                arguments -> function.apply(ArgumentBinder.record(argumentsType, arguments)));
    }

    /**
     * A tool with a schema you write (JSON text of an object schema); {@code function} receives the arguments as a
     * JSON object that passed the schema's checks.
     *
     * @throws IllegalArgumentException when the schema is not a JSON object, or the name or description is invalid
     */
    public static Tool of(String name, String description, String parametersSchema, Function<JsonNode, ?> function) {
        return of(name, description, Json.read(Objects.requireNonNull(parametersSchema, "parametersSchema")), function);
    }

    /** Like {@link #of(String, String, String, Function)} with the schema as a tree (copied). */
    public static Tool of(String name, String description, JsonNode parametersSchema, Function<JsonNode, ?> function) {
        Objects.requireNonNull(function, "function");
        if (parametersSchema == null || !parametersSchema.isObject()) {
            throw new IllegalArgumentException("The parameters schema of tool '" + name + "' must be a JSON object "
                    + "such as {\"type\":\"object\",\"properties\":{…}}");
        }
        return new Tool(name, description, ((ObjectNode) parametersSchema).deepCopy(), function::apply);
    }

    /** A tool from code that takes the validated arguments tree (used for annotated methods). */
    static Tool create(String name, String description, ObjectNode parameters, Invoker invoker) {
        return new Tool(name, description, parameters, invoker);
    }

    /** The name the model calls it by. */
    public String name() {
        return name;
    }

    /** What the tool does, as the model is told. */
    public String description() {
        return description;
    }

    /** The JSON Schema of the arguments object (a copy). */
    public JsonNode parameters() {
        return parameters.deepCopy();
    }

    /** What the model is sent for this tool. */
    public ToolDefinition definition() {
        return ToolDefinition.function(name, description, parameters.deepCopy());
    }

    /**
     * Runs the tool on the model's arguments (JSON object text; empty means {@code {}}) and returns its result as
     * JSON text (a String result as it is). Blocks while the tool runs.
     *
     * @throws ToolException {@link ToolError.Kind#INVALID_ARGUMENTS} for text that is not a JSON object or fails the
     *                       schema (every problem listed), {@link ToolError.Kind#TOOL_FAILED} when the tool threw
     *                       (the cause), {@link ToolError.Kind#UNSERIALIZABLE_RESULT} when its result has no JSON
     */
    public String invoke(String argumentsJson) {
        return invoke(parseArguments(argumentsJson));
    }

    /** Like {@link #invoke(String)} for arguments already parsed. */
    public String invoke(JsonNode arguments) {
        if (arguments == null || !arguments.isObject()) {
            throw new ToolException(
                    ToolError.Kind.INVALID_ARGUMENTS,
                    "The arguments of " + name + " must be a JSON " + "object, got "
                            + (arguments == null ? "nothing" : Json.abbreviate(arguments.toString())));
        }
        List<String> problems = ArgumentValidator.problems(parameters, arguments);
        if (!problems.isEmpty()) {
            throw new ToolException(
                    ToolError.Kind.INVALID_ARGUMENTS,
                    "The arguments of " + name + " do not match its parameters schema: " + String.join("; ", problems));
        }
        Object result;
        try {
            result = invoker.call(arguments);
        } catch (ArgumentBinder.BindingException e) {
            throw new ToolException(
                    ToolError.Kind.INVALID_ARGUMENTS,
                    "The arguments of " + name + " are invalid: " + e.getMessage(),
                    e);
        } catch (Exception e) {
            throw new ToolException(ToolError.Kind.TOOL_FAILED, name + " failed: " + describe(e), e);
        }
        return serialize(result);
    }

    /**
     * The model's arguments text as a JSON tree.
     *
     * @throws ToolException {@link ToolError.Kind#INVALID_ARGUMENTS} when it is not JSON
     */
    JsonNode parseArguments(String argumentsJson) {
        String text = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
        try {
            JsonNode tree = Json.MAPPER.readTree(text);
            if (tree == null || tree.isMissingNode()) {
                throw new ToolException(ToolError.Kind.INVALID_ARGUMENTS, "The arguments of " + name + " are empty");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new ToolException(
                    ToolError.Kind.INVALID_ARGUMENTS,
                    "The arguments of " + name + " are not valid " + "JSON (" + e.getOriginalMessage() + "): "
                            + Json.abbreviate(text),
                    e);
        }
    }

    private String serialize(Object result) {
        Object value = result instanceof Optional<?> optional ? optional.orElse(null) : result;
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof JsonNode node) {
            return node.toString();
        }
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new ToolException(
                    ToolError.Kind.UNSERIALIZABLE_RESULT,
                    name + " returned a "
                            + value.getClass().getName() + " that cannot be serialized to JSON: "
                            + firstLine(e.getMessage()),
                    e);
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    @Override
    public String toString() {
        return "Tool[" + name + "]";
    }
}
