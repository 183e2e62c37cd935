package io.mlflowlite.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The three ways to declare a tool, the schemas they get, and how arguments reach the code. */
class ToolDeclarationTest {
    enum Unit {
        CELSIUS,
        FAHRENHEIT
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.RECORD_COMPONENT, ElementType.TYPE_USE, ElementType.PARAMETER})
    @interface Nullable {}

    record Place(@Description("City name") String city, Optional<String> country) {}

    record Forecast(
            @Description("Where") Place place,
            int days,
            double threshold,
            boolean hourly,
            Unit unit,
            List<String> fields,
            Set<Integer> hours,
            Map<String, BigDecimal> weights,
            Optional<Unit> fallback,
            OptionalInt limit,
            @Nullable String note,
            JsonNode extra) {}

    @Test
    void aRecordsComponentsBecomeTheSchemaWithOptionalAndNullableNotRequired() {
        Tool tool = Tool.of("forecast", "Weather forecast", Forecast.class, f -> "ok");

        assertThat(tool.parameters()).isEqualTo(Json.read("""
                {"type": "object",
                 "properties": {
                   "place": {"description": "Where", "type": "object",
                             "properties": {"city": {"description": "City name", "type": "string"},
                                            "country": {"type": "string"}},
                             "required": ["city"], "additionalProperties": false},
                   "days": {"type": "integer"},
                   "threshold": {"type": "number"},
                   "hourly": {"type": "boolean"},
                   "unit": {"type": "string", "enum": ["CELSIUS", "FAHRENHEIT"]},
                   "fields": {"type": "array", "items": {"type": "string"}},
                   "hours": {"type": "array", "items": {"type": "integer"}, "uniqueItems": true},
                   "weights": {"type": "object", "additionalProperties": {"type": "number"}},
                   "fallback": {"type": "string", "enum": ["CELSIUS", "FAHRENHEIT"]},
                   "limit": {"type": "integer"},
                   "note": {"type": "string"},
                   "extra": {}},
                 "required": ["place", "days", "threshold", "hourly", "unit", "fields", "hours", "weights", "extra"],
                 "additionalProperties": false}"""));
        assertThat(tool.definition().name()).isEqualTo("forecast");
        assertThat(tool.definition().description()).isEqualTo("Weather forecast");
    }

    @Test
    void aRecordToolReceivesTheRecordBuiltFromTheArguments() {
        AtomicReference<Forecast> received = new AtomicReference<>();
        Tool tool = Tool.of("forecast", "Weather forecast", Forecast.class, f -> {
            received.set(f);
            return Map.of("days", f.days());
        });

        String result = tool.invoke("""
                {"place": {"city": "Paris"}, "days": 3.0, "threshold": 0.5, "hourly": true, "unit": "CELSIUS",
                 "fields": ["temp"], "hours": [6, 6, 18], "weights": {"a": 1.25}, "fallback": null,
                 "limit": 2, "extra": {"x": [1]}}""");

        assertThat(result).isEqualTo("{\"days\":3}");
        Forecast f = received.get();
        assertThat(f.place()).isEqualTo(new Place("Paris", Optional.empty()));
        assertThat(f.days()).isEqualTo(3);
        assertThat(f.unit()).isEqualTo(Unit.CELSIUS);
        assertThat(f.hours()).containsExactly(6, 18);
        assertThat(f.weights()).containsEntry("a", new BigDecimal("1.25"));
        assertThat(f.fallback()).isEmpty();
        assertThat(f.limit()).hasValue(2);
        assertThat(f.note()).isNull();
        assertThat(f.extra()).isEqualTo(Json.read("{\"x\":[1]}"));
    }

    @Test
    void argumentsFailingTheSchemaAreRejectedBeforeTheToolRunsListingEveryProblem() {
        AtomicReference<Object> called = new AtomicReference<>();
        Tool tool = Tool.of("forecast", "Weather forecast", Forecast.class, f -> {
            called.set(f);
            return "ran";
        });

        assertThatThrownBy(() -> tool.invoke("""
                {"place": {"country": "FR"}, "days": 1.5, "threshold": "high", "hourly": true, "unit": "KELVIN",
                 "fields": ["a", 2], "hours": [], "weights": {}, "extra": 1, "colour": "red"}"""))
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.kind()).isEqualTo(ToolError.Kind.INVALID_ARGUMENTS))
                .hasMessage("The arguments of forecast do not match its parameters schema: $.place.city is required; "
                        + "$.days must be an integer, got a number 1.5; $.threshold must be a number, got a string "
                        + "\"high\"; $.unit must be one of [\"CELSIUS\",\"FAHRENHEIT\"], got \"KELVIN\"; "
                        + "$.fields[1] must be a string, got an integer 2; $.colour is not an argument of this tool; "
                        + "its arguments are place, days, threshold, hourly, unit, fields, hours, weights, fallback, "
                        + "limit, note, extra");
        assertThatThrownBy(() -> tool.invoke("{\"days\": "))
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.kind()).isEqualTo(ToolError.Kind.INVALID_ARGUMENTS))
                .hasMessageStartingWith("The arguments of forecast are not valid JSON (");
        assertThatThrownBy(() -> tool.invoke("[1, 2]"))
                .hasMessage("The arguments of forecast must be a JSON object, got [1,2]");
        assertThat(called.get()).isNull();
    }

    record Range(int from, int to) {
        Range {
            if (from > to) {
                throw new IllegalArgumentException("from must not exceed to");
            }
        }
    }

    @Test
    void aRecordsOwnValidationIsAnArgumentProblemWhileTheToolsExceptionIsAFailure() {
        Tool tool = Tool.of("span", "Length of a range", Range.class, r -> {
            if (r.to() > 100) {
                throw new IllegalStateException("ranges end at 100");
            }
            return r.to() - r.from();
        });

        assertThat(tool.invoke("{\"from\": 2, \"to\": 5}")).isEqualTo("3");
        assertThatThrownBy(() -> tool.invoke("{\"from\": 5, \"to\": 2}"))
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.kind()).isEqualTo(ToolError.Kind.INVALID_ARGUMENTS))
                .hasMessage("The arguments of span are invalid: $ was rejected by Range: from must not exceed to");
        assertThatThrownBy(() -> tool.invoke("{\"from\": 5, \"to\": 200}"))
                .isInstanceOfSatisfying(ToolException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ToolError.Kind.TOOL_FAILED);
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
                })
                .hasMessage("span failed: IllegalStateException: ranges end at 100");
    }

    @Test
    void resultsAreSerializedToJsonWithStringsAsTheyAreAndUnserializableOnesRejected() {
        record Empty() {}
        assertThat(Tool.of("t", "d", Empty.class, e -> "plain text, not JSON").invoke("{}"))
                .isEqualTo("plain text, not JSON");
        assertThat(Tool.of("t", "d", Empty.class, e -> List.of(1, "a")).invoke(""))
                .isEqualTo("[1,\"a\"]");
        assertThat(Tool.of("t", "d", Empty.class, e -> Optional.of(Map.of("city", "Oslo")))
                        .invoke("{}"))
                .isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(Tool.of("t", "d", Empty.class, e -> Optional.empty()).invoke("{}"))
                .isEqualTo("null");
        assertThat(Tool.of("t", "d", Empty.class, e -> null).invoke("{}")).isEqualTo("null");
        assertThatThrownBy(
                        () -> Tool.of("t", "d", Empty.class, e -> new Object()).invoke("{}"))
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.kind()).isEqualTo(ToolError.Kind.UNSERIALIZABLE_RESULT))
                .hasMessageStartingWith("t returned a java.lang.Object that cannot be serialized to JSON: ");
    }

    static final class Shop {
        final List<String> log = new java.util.ArrayList<>();

        @AgentTool(description = "The price of an item, in euros")
        double price(@Param(value = "item", description = "The item's name") String name, Optional<Integer> quantity) {
            log.add("price " + name + " " + quantity.orElse(1));
            return 2.5 * quantity.orElse(1);
        }

        @AgentTool(name = "add_to_cart", description = "Adds an item to the cart")
        void addToCart(String item, @Description("How many") int count) {
            log.add("add " + item + " x" + count);
        }

        @AgentTool(description = "Fails on purpose")
        String broken() throws java.io.IOException {
            throw new java.io.IOException("disk gone");
        }

        String notATool() {
            return "";
        }
    }

    @Test
    void annotatedMethodsBecomeToolsNamedByParamOrByTheirCompiledNames() {
        Shop shop = new Shop();
        List<Tool> tools = Tools.from(shop);

        assertThat(tools).extracting(Tool::name).containsExactly("add_to_cart", "broken", "price");
        assertThat(tools.get(2).parameters()).isEqualTo(Json.read("""
                {"type": "object",
                 "properties": {"item": {"description": "The item's name", "type": "string"},
                                "quantity": {"type": "integer"}},
                 "required": ["item"], "additionalProperties": false}"""));
        assertThat(tools.get(0).parameters()).isEqualTo(Json.read("""
                {"type": "object",
                 "properties": {"item": {"type": "string"}, "count": {"description": "How many", "type": "integer"}},
                 "required": ["item", "count"], "additionalProperties": false}"""));
        assertThat(tools.get(0).description()).isEqualTo("Adds an item to the cart");

        assertThat(tools.get(2).invoke("{\"item\": \"tea\", \"quantity\": 4}")).isEqualTo("10.0");
        assertThat(tools.get(0).invoke("{\"item\": \"tea\", \"count\": 2}")).isEqualTo("ok");
        assertThat(shop.log).containsExactly("price tea 4", "add tea x2");
        assertThatThrownBy(() -> tools.get(1).invoke("{}"))
                .isInstanceOfSatisfying(ToolException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ToolError.Kind.TOOL_FAILED);
                    assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
                })
                .hasMessage("broken failed: IOException: disk gone");
    }

    @Test
    void aRawSchemaToolGetsTheValidatedArgumentsTree() {
        Tool echo = Tool.of(
                "echo",
                "Echoes a word",
                "{\"type\":\"object\",\"properties\":{\"word\":{\"type\":\"string\"}},\"required\":[\"word\"]}",
                args -> args.get("word").asText().toUpperCase());

        assertThat(echo.invoke("{\"word\": \"hi\", \"other\": 1}"))
                .isEqualTo("HI"); // extra keys allowed by this schema
        assertThatThrownBy(() -> echo.invoke("{\"word\": 3}"))
                .hasMessage(
                        "The arguments of echo do not match its parameters schema: $.word must be a string, got an integer 3");
        assertThat(echo.definition().parameters())
                .isEqualTo(
                        Json.read(
                                "{\"type\":\"object\",\"properties\":{\"word\":{\"type\":\"string\"}},\"required\":[\"word\"]}"));
    }

    record Node(String name, List<Node> children) {}

    record Clock(java.time.Instant at) {}

    static final class NoTools {
        @SuppressWarnings("unused")
        String plain() {
            return "";
        }
    }

    @Test
    void declarationsThatCannotWorkFailWhenDeclaredNamingTheCause() {
        assertThatThrownBy(() -> Tool.of("tree", "d", Node.class, n -> n))
                .hasMessageContaining("Record " + Node.class.getName() + " contains itself");
        assertThatThrownBy(() -> Tool.of("clock", "d", Clock.class, c -> c))
                .hasMessageStartingWith("component 'at' of Clock has type java.time.Instant, which has no JSON Schema");
        assertThatThrownBy(() -> Tool.of("bad name!", "d", Range.class, r -> r))
                .hasMessageStartingWith("Invalid tool name 'bad name!'");
        assertThatThrownBy(() -> Tool.of("t", " ", Range.class, r -> r)).hasMessageContaining("needs a description");
        assertThatThrownBy(() -> Tool.of("t", "d", "[1]", a -> a)).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> Tools.from(new NoTools())).hasMessageEndingWith("has no method annotated @AgentTool");
    }
}
