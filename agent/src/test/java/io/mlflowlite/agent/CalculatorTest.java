package io.mlflowlite.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CalculatorTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1 + 2 * 3              | 7
            (1 + 2) * 3            | 9
            2*(3+4)                | 14
            2^3^2                  | 512
            2 ** 3 ** 2            | 512
            (2^3)^2                | 64
            -2^2                   | -4
            (-2)^2                 | 4
            2^-1                   | 0.5
            -(-3)                  | 3
            --3                    | 3
            +5 - +2                | 3
            10 - 4 - 3             | 3
            100 / 10 / 5           | 2
            1e3/4                  | 250
            2.5E-1 * 4             | 1
            .5 + 1.                | 1.5
            sqrt(16)+abs(-3)       | 7
            10 % 4                 | 2
            -7 % 3                 | -1
            7.5 % 2                | 1.5
            6 × 7                  | 42
            84 ÷ 2                 | 42
            50 − 8                 | 42
            −2 × −3                | 6
            0.1 + 0.2              | 0.3
            min(4, 2, 8) + max(1, 9) | 11
            round(2.5)             | 3
            round(-2.5)            | -3
            round(3.14159, 2)      | 3.14
            floor(-1.5) + ceil(1.2)| 0
            pow(2, 10)             | 1024
            log10(1000)            | 3
            log(8, 2)              | 3
            ln(e)                  | 1
            exp(0)                 | 1
            cos(0) + sin(0)        | 1
            2 * PI / pi            | 2
            SQRT(81)               | 9
            """)
    void evaluatesWithPrecedenceAssociativityAndUnicodeOperators(String expression, String expected) {
        assertThat(Calculator.format(Calculator.evaluate(expression))).isEqualTo(expected);
    }

    @Test
    void transcendentalFunctionsAreInRadiansAndNaturalLog() {
        assertThat(Calculator.evaluate("sin(pi/2)")).isCloseTo(1.0, within(1e-12));
        assertThat(Calculator.evaluate("tan(pi/4)")).isCloseTo(1.0, within(1e-12));
        assertThat(Calculator.evaluate("log(e^2)")).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void formatsLargeSmallAndRepeatingValuesReadably() {
        assertThat(Calculator.format(Calculator.evaluate("1/3"))).isEqualTo("0.333333333333333");
        assertThat(Calculator.format(Calculator.evaluate("2^70"))).isEqualTo("1.18059162071741E+21");
        assertThat(Calculator.format(Calculator.evaluate("1e-9 * 3"))).isEqualTo("3E-9");
        assertThat(Calculator.format(Calculator.evaluate("-0 * 5"))).isEqualTo("0");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2 +            | Expected a number, a name or '(' but the expression ended at position 4
            (1             | The '(' at position 1 is never closed
            (1 + 2         | The '(' at position 1 is never closed
            1 + 2)         | Unexpected ')' at position 6
            1/0            | Division by zero at position 2
            5 / (3 - 3)    | Division by zero at position 3
            10 % 0         | Modulo by zero at position 4
            foo + 1        | Unknown name 'foo'; the constants are pi and e
            2 * x          | Unknown name 'x'
            exec(1)        | Unknown function 'exec'; available: sqrt, abs, ln, log
            __import__(1)  | Unknown function '__import__'
            sqrt(-1)       | sqrt of a negative number (-1) at position 1
            ln(0)          | ln of a number that is not positive (0) at position 1
            log(8, 1)      | log base must be positive and not 1
            sqrt(1, 2)     | sqrt takes 1 argument, got 2 at position 1
            pow(2)         | pow takes 2 arguments, got 1
            max()          | max takes at least 1 argument, got 0
            round(1, 2, 3) | round takes 1 or 2 arguments, got 3
            sqrt 4         | The function 'sqrt' needs its arguments in parentheses
            2pi            | Unexpected 'pi' at position 2; write an operator between two values, e.g. 2*pi
            2 3            | Unexpected '3' at position 3
            1 = 1          | Unexpected '=' at position 3
            1; 2           | Unexpected ';' at position 2
            10^400         | The result is too large (overflow) at position 3
            1e400          | The number 1e400 is too large at position 1
            round(1.5, 0.5)| round's second argument must be a whole number of decimals
            .              | A '.' must be part of a number such as 0.5 at position 1
            1,000          | Unexpected ',' at position 2
            """)
    void rejectsInvalidInputNamingTheProblemAndPosition(String expression, String message) {
        assertThatThrownBy(() -> Calculator.evaluate(expression))
                .isInstanceOf(CalculatorException.class)
                .hasMessageContaining(message);
    }

    @Test
    void reportsThePositionSeparately() {
        assertThatThrownBy(() -> Calculator.evaluate("1 + 2 +"))
                .isInstanceOfSatisfying(
                        CalculatorException.class, e -> assertThat(e.position()).isEqualTo(8));
    }

    @Test
    void rejectsEmptyOverlongAndOverNestedInput() {
        assertThatThrownBy(() -> Calculator.evaluate("  ")).hasMessage("The expression is empty");
        assertThatThrownBy(() -> Calculator.evaluate("1+".repeat(600) + "1"))
                .hasMessage("The expression is 1201 characters long; the limit is 1000");
        assertThatThrownBy(() -> Calculator.evaluate("(".repeat(200) + "1" + ")".repeat(200)))
                .hasMessageContaining("nests more than 100 levels deep");
        assertThatThrownBy(() -> Calculator.evaluate("-".repeat(300) + "1"))
                .hasMessageContaining("nests more than 100 levels deep");
    }

    @Test
    void theToolTakesAnExpressionAndReturnsTheValueAsText() {
        Tool calculator = Calculator.tool();

        assertThat(calculator.name()).isEqualTo("calculator");
        assertThat(calculator.parameters().at("/required/0").asText()).isEqualTo("expression");
        assertThat(calculator.parameters().at("/properties/expression/type").asText())
                .isEqualTo("string");
        assertThat(calculator.invoke("{\"expression\":\"2^3^2\"}")).isEqualTo("512");
        assertThatThrownBy(() -> calculator.invoke("{\"expression\":\"1/0\"}"))
                .isInstanceOfSatisfying(ToolException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ToolError.Kind.TOOL_FAILED);
                    assertThat(e.getMessage())
                            .isEqualTo("calculator failed: CalculatorException: Division by zero at " + "position 2");
                });
    }
}
