package io.mlflowlite.agent;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The built-in {@code calculator}: an arithmetic evaluator written for agents, with no scripting engine, no
 * reflection and nothing executed but arithmetic. It reads
 * <ul>
 *   <li>numbers: {@code 42}, {@code 3.14}, {@code .5}, {@code 1e3}, {@code 2.5E-4};</li>
 *   <li>operators {@code + - * / %} and their Unicode forms {@code − × ÷}; powers {@code ^} or {@code **},
 *       right-associative ({@code 2^3^2 = 512}); parentheses; unary minus, which binds looser than a power as in
 *       mathematics and Python ({@code -2^2 = -4}, {@code (-2)^2 = 4}, {@code 2^-1 = 0.5}); {@code %} is the
 *       remainder with the dividend's sign ({@code 10 % 4 = 2}, {@code -7 % 3 = -1});</li>
 *   <li>functions {@code sqrt abs ln log log10 exp sin cos tan min max round floor ceil pow} ({@code log(x)} is the
 *       natural logarithm, {@code log(x, b)} takes a base; trigonometry in radians; {@code round} rounds half away
 *       from zero, {@code round(x, n)} to n decimals) and constants {@code pi}, {@code e}; names in any case.</li>
 * </ul>
 * Anything else is rejected with a {@link CalculatorException} naming the problem and its position: {@code 2 +},
 * {@code (1}, {@code 1/0} (division by zero), {@code sqrt(-1)}, unknown names, implicit multiplication
 * ({@code 2pi}), input over {@value ExpressionParser#MAX_LENGTH} characters. Arithmetic is IEEE double; results are
 * shown with 15 significant digits ({@code 0.1 + 0.2} shows {@code 0.3}). Stateless and thread-safe.
 */
public final class Calculator {
    /** The arguments the {@code calculator} tool takes. */
    record Arguments(
            @Description("An arithmetic expression, e.g. (3 + 4) * 2^3 or sqrt(16) / 3")
            String expression) {}

    private Calculator() {}

    /** The {@code calculator} tool: argument {@code expression}, result the value as text ({@code "512"}). */
    public static Tool tool() {
        return Tool.of(
                "calculator",
                "Evaluates an arithmetic expression exactly as written: + - * / % ^ and "
                        + "parentheses, functions sqrt, abs, ln, log, log10, exp, sin, cos, tan, min, max, round, floor, ceil, "
                        + "pow, constants pi and e. Use it for any arithmetic instead of computing in your head.",
                Arguments.class,
                args -> format(evaluate(args.expression())));
    }

    /**
     * The value of {@code expression}.
     *
     * @throws CalculatorException for anything but a valid arithmetic expression with a finite value
     */
    public static double evaluate(String expression) {
        return ExpressionParser.evaluate(expression);
    }

    /**
     * A value as people write it: whole numbers without a decimal point ({@code 512}), others with at most 15
     * significant digits and no trailing zeros ({@code 0.3}), very large or small ones in E notation
     * ({@code 1.5E+20}).
     */
    public static String format(double value) {
        if (value == 0) {
            return "0"; // also -0.0
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(15)).stripTrailingZeros();
        double magnitude = Math.abs(value);
        return magnitude >= 1e15 || magnitude < 1e-6 ? rounded.toString() : rounded.toPlainString();
    }
}
